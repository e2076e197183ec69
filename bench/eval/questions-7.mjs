// A seventh set, held out: written for issue 24's fourth round from the article titles only, by someone who
// had seen neither the articles nor the ranking, and never looked at while ranking variants were weighed;
// run once at the end of the round (whose ranking stayed as it was). Same rules as bench/eval/questions.mjs.

export const SEVENTH_QUESTIONS = [
  { q: "how much is postage to irland", expect: "delivery-times" },
  {
    q:
      "ordered the jasmine pearls and a cast iron kettle on tuesday from lyon, roughly how many " +
      "working days before it lands and is there an express option",
    expect: "delivery-times",
  },
  { q: "where is my parcel right now", expect: "tracking" },
  {
    q: "the courier page hasnt updated for my order since friday, it just says label created",
    expect: "tracking",
  },
  { q: "can i exchange a teapot", expect: "returns" },
  { q: "do i pay the postage if i send something back", expect: "returns" },
  {
    q:
      "bought a glass kyusu as a present for my sister in ghent but she already has one, how do " +
      "i go about sending it back to you",
    expect: "returns",
  },
  { q: "still no money recieved after 2 weeks", expect: "refunds" },
  {
    q:
      "i returned the matcha whisk set on 3 march, the tracking shows you got it on the 8th, but " +
      "my visa still shows nothing credited, how long does this normally take",
    expect: "refunds",
  },
  { q: "teapot arrived in pieces", expect: "damaged" },
  {
    q:
      "opened the box and the handle on the tetsubin mug had snapped off, the outer box looked " +
      "fine, what do i do, i have photos",
    expect: "damaged",
  },
  { q: "paid for three teas got two", expect: "missing-item" },
  {
    q: "the packing slip lists a bamboo scoop but theres no scoop in the box",
    expect: "missing-item",
  },
  { q: "cancel order pls", expect: "change-cancel-order" },
  {
    q: "can you swap the earl grey for english breakfast in my order before it ships",
    expect: "change-cancel-order",
  },
  { q: "wrong postcode on my order", expect: "delivery-address" },
  {
    q:
      "i typed my old flat in rotterdam as the shipping address by mistake, the order hasnt " +
      "shipped yet, can it go to my office instead",
    expect: "delivery-address",
  },
  { q: "do you take klarna", expect: "payment-methods" },
  {
    q: "is it possible to pay by bank transfer or ideal instead of a credit card",
    expect: "payment-methods",
  },
  { q: "card declined at checkout", expect: "payment-failed" },
  {
    q: "checkout keeps saying payment error even tho my card works everywhere else",
    expect: "payment-failed",
  },
  {
    q:
      "my bank shows 2 identical payments of 34,90 euros for the same order from yesterday but i " +
      "only clicked once",
    expect: "payment-failed",
  },
  { q: "can i download a receipt", expect: "invoices" },
  { q: "need an invoice with our company vat number on it", expect: "invoices" },
  { q: "how much is the monthly subscription", expect: "tea-box" },
  { q: "what day does the monthly box get sent out", expect: "tea-box" },
  {
    q:
      "thinking of getting the tea subscription for my dad in porto, does he get to choose the " +
      "teas or is it a surprise, and how much is it",
    expect: "tea-box",
  },
  { q: "stop my subscripton", expect: "cancel-tea-box" },
  {
    q:
      "hi, ive had the monthly teas since january but money is tight now so i want to end it " +
      "before the next charge on the 1st, how do i do that",
    expect: "cancel-tea-box",
  },
  { q: "can i split payment between a gift voucher and my card", expect: "gift-cards" },
  {
    q:
      "i want to buy an e-gift for a friend in vienna and have it emailed on her birthday, 12 " +
      "april, is that possible",
    expect: "gift-cards",
  },
  { q: "coupon code wont apply", expect: "discount-codes" },
  {
    q:
      "i got WELCOME10 in the newsletter email but when i put it in at checkout it says not " +
      "valid for these items, i only have teapots in the cart",
    expect: "discount-codes",
  },
  { q: "reset link never arrives", expect: "account-password" },
  {
    q: "i signed up with my gmail but now it says no acount found when i try to sign in",
    expect: "account-password",
  },
  { q: "please remove my data gdpr", expect: "delete-account" },
  { q: "how do i close my larkspur account for good", expect: "delete-account" },
  { q: "how long to steep gyokuro", expect: "brewing" },
  { q: "how many grams of loose leaf per cup", expect: "brewing" },
  {
    q:
      "my silver needle white tea tastes bitter every time, i use water straight from the kettle " +
      "and leave it about 5 minutes, what am i doing wrong",
    expect: "brewing",
  },
  { q: "is genmaicha ok before bed", expect: "caffeine" },
  { q: "which of your teas are caffiene free", expect: "caffeine" },
  {
    q:
      "im pregnant and trying to keep under 200mg a day, how much is in a cup of your assam " +
      "compared to coffee",
    expect: "caffeine",
  },
  { q: "is the vanilla rooibos gluten free", expect: "allergens" },
  {
    q:
      "my son has a severe peanut allergy, are your blends packed somewhere that also handles " +
      "nuts",
    expect: "allergens",
  },
  { q: "does tea go off", expect: "storage" },
  {
    q:
      "found an unopened pouch of first flush darjeeling from 2021 in the cupboard, is it still " +
      "safe to drink or should i throw it out",
    expect: "storage",
  },
  { q: "how long is the warrenty on kettles", expect: "teaware-warranty" },
  {
    q:
      "the glass teapot i bought in november cracked along the bottom when i poured boiling " +
      "water in, it wasnt dropped, will you replace it",
    expect: "teaware-warranty",
  },
  { q: "do i pay import tax in the uk", expect: "customs" },
  {
    q:
      "sending a gift box to my aunt in toronto canada, will she get charged duty when it " +
      "arrives or is that included",
    expect: "customs",
  },
  { q: "bulk prices for an office", expect: "wholesale" },
  {
    q:
      "we are opening a small cafe in utrecht in september and want to serve your teas, do you " +
      "offer trade pricing and what is the minimum order",
    expect: "wholesale",
  },
  { q: "do my points expire", expect: "leaf-points" },
  { q: "how do i spend the reward points ive collected", expect: "leaf-points" },
  // German, French and Spanish
  { q: "Wie lange dauert der Versand nach Österreich?", expect: "de-delivery", locale: "de" },
  {
    q: "der Wasserkocher gefällt mir nicht, kann ich ihn zurückschicken",
    expect: "de-returns",
    locale: "de",
  },
  { q: "ich will mein teebox abo beenden", expect: "de-tea-box", locale: "de" },
  { q: "Mein Rabattcode funktioniert nicht", expect: null, locale: "de" },
  { q: "Quels sont les frais de port pour la Suisse ?", expect: "fr-delivery", locale: "fr" },
  { q: "je voudrais être remboursée pour une théière", expect: "fr-returns", locale: "fr" },
  { q: "à quelle température pour un thé blanc ?", expect: "fr-brewing", locale: "fr" },
  { q: "Est-ce que vos thés contiennent du gluten ?", expect: null, locale: "fr" },
  { q: "¿cuánto cuesta el envío a portugal?", expect: "es-delivery", locale: "es" },
  { q: "¿Puedo pagar con tarjeta de débito?", expect: "es-payment", locale: "es" },
  { q: "me llegó un té que no pedí y quiero devolverlo", expect: "es-returns", locale: "es" },
  { q: "¿Cuánta cafeína tiene el té matcha?", expect: null, locale: "es" },
  // Nothing answers these
  { q: "what time does your tea room open on saturdays", expect: null },
  { q: "do you have a recipe for a chai latte with oat milk", expect: null },
  {
    q: "whats the story behind your lapsang souchong, is it really smoked over pine fires",
    expect: null,
  },
  { q: "are you coming to the amsterdam tea festival in may", expect: null },
  { q: "would larkspur sponsor our running clubs charity 10k", expect: null },
  {
    q: "can you design branded gift hampers with our logo for 60 clients at christmas",
    expect: null,
  },
  { q: "how do i subscribe to your print magazine", expect: null },
  {
    q: "the add to basket button on the product page doesnt do anything when i click it",
    expect: null,
  },
  { q: "is your shop open on bank holidays", expect: null },
  { q: "is there a discount for students", expect: null },
  { q: "how can i become a supplier for you, i grow tea in nepal", expect: null },
  { q: "which is better for a beginner, a gaiwan or a kyusu", expect: null },
  { q: "could you donate some tea gift boxes for our school raffle", expect: null },
];
