/**
 * Makes sure a Durable Object's one alarm rings by `at` (ms): it keeps an earlier one. A room shares
 * its alarm between what it watches (socket expiry, an owed reply, a service level), each rearming
 * for its own time.
 */
export async function armAlarm(ctx: DurableObjectState, at: number): Promise<void> {
  const current = await ctx.storage.getAlarm();
  if (current === null || current > at) await ctx.storage.setAlarm(at);
}
