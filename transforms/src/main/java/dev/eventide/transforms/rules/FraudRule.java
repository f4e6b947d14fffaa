package dev.eventide.transforms.rules;

/** The rules a card transaction can break, in the order a flagged transaction lists them. */
public enum FraudRule {
  /** The customer is on the alarmed-customer list. */
  ALARMED_CUSTOMER,
  /** The card is on the lost-card list. */
  LOST_CARD,
  /** The customer made more than the threshold of transactions in one window. */
  EXCESSIVE_TRANSACTIONS,
  /** The customer's transactions in one window come from more than one city. */
  CITY_CHANGE
}
