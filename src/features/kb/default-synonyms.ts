/**
 * Words customers of any shop or service use for the same thing, shipped with the service and merged
 * with the desk's own list (`/kb/synonyms`, which extends them). General customer-support vocabulary in
 * English, German, French and Spanish: each entry a set of words that mean one thing in a support chat.
 * Kept narrow on purpose: a word that means two things here ("charge", "stop", "card") is in none.
 */
export const DEFAULT_SYNONYMS: { term: string; synonyms: string[] }[] = [
  // English
  { term: "refund", synonyms: ["reimburse", "reimbursement", "repay", "repayment", "money back"] },
  { term: "parcel", synonyms: ["package", "packet", "shipment", "consignment"] },
  {
    term: "damaged",
    synonyms: [
      "broken",
      "broke",
      "faulty",
      "defective",
      "cracked",
      "smashed",
      "shattered",
      "dented",
    ],
  },
  { term: "cancel", synonyms: ["cancellation", "terminate", "termination", "revoke"] },
  { term: "invoice", synonyms: ["receipt", "bill"] },
  { term: "login", synonyms: ["log in", "sign in", "signin", "logon", "log"] },
  { term: "password", synonyms: ["passcode", "passphrase"] },
  { term: "delivery", synonyms: ["shipping", "postage", "dispatch", "dispatched", "shipped"] },
  { term: "change", synonyms: ["modify", "amend", "alter", "edit", "update"] },
  { term: "order", synonyms: ["purchase", "purchased"] },
  { term: "warranty", synonyms: ["guarantee", "guaranty"] },
  { term: "discount", synonyms: ["coupon", "promo", "promotion", "promotional"] },
  { term: "gift card", synonyms: ["giftcard", "gift voucher", "gift certificate"] },
  { term: "subscription", synonyms: ["subscribe", "subscribed", "membership"] },
  { term: "cost", synonyms: ["price", "fee", "costs", "priced"] },
  { term: "email", synonyms: ["e-mail", "mail"] },
  { term: "address", synonyms: ["addresses"] },
  { term: "wholesale", synonyms: ["bulk", "trade", "b2b"] },
  { term: "missing", synonyms: ["absent", "lacking"] },
  { term: "tracking", synonyms: ["track", "trace", "tracked"] },
  // German
  { term: "paket", synonyms: ["päckchen", "sendung", "lieferung"] },
  {
    term: "rückerstattung",
    synonyms: ["erstattung", "erstatten", "zurückerstatten", "geld zurück"],
  },
  { term: "beschädigt", synonyms: ["kaputt", "defekt", "zerbrochen", "beschädigung"] },
  { term: "kündigen", synonyms: ["stornieren", "kündigung", "stornierung", "abbestellen"] },
  { term: "rechnung", synonyms: ["quittung", "beleg"] },
  { term: "passwort", synonyms: ["kennwort", "anmelden", "einloggen", "anmeldung"] },
  { term: "adresse", synonyms: ["anschrift", "lieferadresse"] },
  { term: "versand", synonyms: ["lieferung", "zustellung", "versandkosten", "porto"] },
  { term: "abo", synonyms: ["abonnement"] },
  { term: "gutschein", synonyms: ["rabattcode", "coupon"] },
  // French
  { term: "colis", synonyms: ["paquet", "envoi"] },
  { term: "remboursement", synonyms: ["rembourser", "remboursé", "remboursée"] },
  { term: "endommagé", synonyms: ["cassé", "cassée", "abîmé", "abîmée", "défectueux", "brisé"] },
  { term: "annuler", synonyms: ["annulation", "résilier", "résiliation"] },
  { term: "facture", synonyms: ["reçu"] },
  { term: "livraison", synonyms: ["expédition", "envoi", "port"] },
  { term: "abonnement", synonyms: ["abo"] },
  { term: "retour", synonyms: ["retourner", "renvoyer", "rendre"] },
  // Spanish
  { term: "paquete", synonyms: ["envío", "bulto"] },
  { term: "reembolso", synonyms: ["reembolsar", "reintegro"] },
  { term: "dañado", synonyms: ["roto", "rota", "defectuoso", "estropeado", "dañada"] },
  { term: "cancelar", synonyms: ["anular", "cancelación", "anulación"] },
  { term: "factura", synonyms: ["recibo"] },
  { term: "contraseña", synonyms: ["clave"] },
  { term: "dirección", synonyms: ["domicilio"] },
  { term: "envío", synonyms: ["entrega", "enviar", "envíos"] },
  { term: "pedido", synonyms: ["compra", "orden"] },
  { term: "suscripción", synonyms: ["abono"] },
  { term: "devolución", synonyms: ["devolver", "devoluciones"] },
];
