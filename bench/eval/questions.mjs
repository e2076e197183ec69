// The eval's questions, in customers' own words (typos included), written after the help centre and
// never used to change it. `expect`: the key of the article that answers it (bench/eval/help-centre.mjs),
// or null when none does in the customer's language (the responder must hand off). `locale`: the
// customer's language (en unless said).

export const QUESTIONS = [
  // Delivery
  { q: "how long does delivery to germany take?", expect: "delivery-times" },
  { q: "do you ship for free?", expect: "delivery-times" },
  { q: "What does postage cost to Italy", expect: "delivery-times" },
  { q: "if i order this afternoon when does it get sent", expect: "delivery-times" },
  { q: "shiping time to the US?", expect: "delivery-times" },
  // Tracking
  { q: "Where is my package right now?", expect: "tracking" },
  { q: "I never got a tracking number", expect: "tracking" },
  { q: "my tracking hasnt moved in a week", expect: "tracking" },
  { q: "how do i see the status of my parcel", expect: "tracking" },
  // Returns
  { q: "Can I send back a teapot I don't like?", expect: "returns" },
  { q: "I opened the tea but I don't like the taste, can I return it", expect: "returns" },
  { q: "how do i get a return label", expect: "returns" },
  { q: "retrun an item", expect: "returns" },
  // Refunds
  { q: "When will I get my money back?", expect: "refunds" },
  { q: "I sent my return last week, where is my refund", expect: "refunds" },
  { q: "do you refund the shipping cost too?", expect: "refunds" },
  { q: "how long for the refund to show on my card", expect: "refunds" },
  // Damaged
  { q: "My glass teapot arrived smashed", expect: "damaged" },
  { q: "the mug was cracked when I opened the box", expect: "damaged" },
  { q: "Do I have to send the broken cups back?", expect: "damaged" },
  // Missing
  { q: "one of the teas I ordered isn't in the parcel", expect: "missing-item" },
  { q: "I only received half my order", expect: "missing-item" },
  // Change / cancel order
  { q: "I want to cancel the order I just placed", expect: "change-cancel-order" },
  { q: "can i still add a tin to my order?", expect: "change-cancel-order" },
  { q: "Oops, ordered the wrong tea, can I change it", expect: "change-cancel-order" },
  // Address
  { q: "I put in my old address by mistake", expect: "delivery-address" },
  { q: "can you send it to my office instead of home", expect: "delivery-address" },
  {
    q: "the parcel is already on its way but I won't be home, can it go to a pickup point?",
    expect: "delivery-address",
  },
  // Payment
  { q: "Can I pay with PayPal?", expect: "payment-methods" },
  { q: "do you take amex", expect: "payment-methods" },
  { q: "Is there a way to pay afterwards, like Klarna?", expect: "payment-methods" },
  { q: "can I pay cash when it's delivered", expect: "payment-methods" },
  // Payment failed
  { q: "I was charged two times for one order!", expect: "payment-failed" },
  { q: "my card got declined but money is gone from my account", expect: "payment-failed" },
  // Invoices
  { q: "I need an invoice for my company", expect: "invoices" },
  { q: "where can I download the receipt", expect: "invoices" },
  { q: "can you put my VAT number on an order I already placed", expect: "invoices" },
  // Tea box
  { q: "Can I skip next month's box?", expect: "tea-box" },
  { q: "when is the monthly box charged?", expect: "tea-box" },
  { q: "is there a caffeine free version of the tea box", expect: "tea-box" },
  { q: "what's in the subscripton and how much is it", expect: "tea-box" },
  // Cancel tea box
  { q: "How do I cancel my subscription?", expect: "cancel-tea-box" },
  { q: "I want to stop the monthly tea box", expect: "cancel-tea-box" },
  { q: "is there a minimum term for the tea box?", expect: "cancel-tea-box" },
  // Gift cards
  { q: "Do you sell gift vouchers?", expect: "gift-cards" },
  { q: "how long is a gift card valid", expect: "gift-cards" },
  { q: "I have money left on my giftcard, what happens to it", expect: "gift-cards" },
  // Discount codes
  { q: "my promo code doesn't work", expect: "discount-codes" },
  { q: "I forgot to enter my coupon at checkout", expect: "discount-codes" },
  { q: "can i use two discount codes at once", expect: "discount-codes" },
  // Account
  { q: "I forgot my password", expect: "account-password" },
  { q: "the reset email never arrives", expect: "account-password" },
  { q: "do I need an account to order?", expect: "account-password" },
  // Delete account
  { q: "Please delete all my data", expect: "delete-account" },
  { q: "how do I close my account", expect: "delete-account" },
  { q: "stop sending me newsletters", expect: "delete-account" },
  // Brewing
  { q: "how hot should the water be for green tea?", expect: "brewing" },
  { q: "How long do I steep the oolong", expect: "brewing" },
  { q: "how many spoons of tea per cup", expect: "brewing" },
  { q: "can I reuse the leaves?", expect: "brewing" },
  // Caffeine
  { q: "Which of your teas don't have caffeine?", expect: "caffeine" },
  { q: "is there more caffeine in green tea or coffee", expect: "caffeine" },
  { q: "is rooibos decaf", expect: "caffeine" },
  // Allergens
  { q: "I have a nut allergy, is your tea safe?", expect: "allergens" },
  { q: "are your teas gluten free", expect: "allergens" },
  { q: "is the chai vegan?", expect: "allergens" },
  // Storage
  { q: "how long does tea last once opened?", expect: "storage" },
  { q: "should I keep my tea in the fridge", expect: "storage" },
  { q: "where is the best before date", expect: "storage" },
  // Warranty
  { q: "my electric kettle stopped working after 8 months", expect: "teaware-warranty" },
  { q: "the cast iron pot has rust inside, is that covered", expect: "teaware-warranty" },
  { q: "how long is the guarantee on the kettle", expect: "teaware-warranty" },
  // Customs
  { q: "will I have to pay import tax in the UK", expect: "customs" },
  { q: "the courier wants 20 dollars in duties before delivering, why?", expect: "customs" },
  // Wholesale
  { q: "I run a small cafe, do you do wholesale?", expect: "wholesale" },
  { q: "can I buy tea in bulk for our office", expect: "wholesale" },
  // Loyalty
  { q: "how do leaf points work", expect: "leaf-points" },
  { q: "my points are not showing after my last order", expect: "leaf-points" },
  { q: "do points expire?", expect: "leaf-points" },
  // German
  { q: "Wie lange dauert der Versand nach München?", expect: "de-delivery", locale: "de" },
  { q: "Ich möchte mein Geld zurück", expect: "de-returns", locale: "de" },
  { q: "wie kann ich das Abo kündigen", expect: "de-tea-box", locale: "de" },
  { q: "Ist der Versand kostenlos?", expect: "de-delivery", locale: "de" },
  { q: "Kann ich mit Klarna bezahlen?", expect: null, locale: "de" },
  { q: "Enthält Ihr Tee Gluten?", expect: null, locale: "de" },
  // French
  { q: "Combien de temps pour la livraison en France ?", expect: "fr-delivery", locale: "fr" },
  { q: "je voudrais être remboursé", expect: "fr-returns", locale: "fr" },
  { q: "à quelle température faut-il infuser le thé vert ?", expect: "fr-brewing", locale: "fr" },
  { q: "Comment annuler mon abonnement ?", expect: null, locale: "fr" },
  // Spanish
  { q: "¿Cuánto tarda el envío a Madrid?", expect: "es-delivery", locale: "es" },
  { q: "quiero devolver un pedido", expect: "es-returns", locale: "es" },
  { q: "¿Puedo pagar con PayPal?", expect: "es-payment", locale: "es" },
  { q: "¿Tienen tarjetas regalo?", expect: null, locale: "es" },
  // Nothing answers these
  { q: "Do you have a shop in Amsterdam I can visit?", expect: null },
  { q: "Can I order matcha whisks?", expect: null },
  { q: "Are you hiring?", expect: null },
  { q: "What's the weather like in Utrecht today", expect: null },
  { q: "Can you recommend a tea for a sore throat?", expect: null },
  { q: "is your packaging plastic free", expect: null },
  { q: "Do you have an app for iPhone?", expect: null },
  { q: "Can I collect my order from your warehouse?", expect: null },
  { q: "who owns Larkspur Tea", expect: null },
  { q: "do you price match other shops", expect: null },
  { q: "can I send a handwritten card with a gift order", expect: null },
  { q: "My cat ate some tea leaves, is she ok?", expect: null },
];
