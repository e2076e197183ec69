import type { OutboxWatch } from "../../core/ports";
import { countDoRequest } from "../../platform/meter";
import { outboxSweeperOf } from "../../platform/stubs";

/** The outbox's watch, as the services' port. */
export function outboxWatch(namespace: Env["OUTBOX_SWEEPER"]): OutboxWatch {
  return {
    arm: () => {
      countDoRequest();
      return outboxSweeperOf(namespace).arm();
    },
  };
}
