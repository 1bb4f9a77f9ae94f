/** The card's entitlement counters (DF46): the format is shared with the terminal, in terminal/schemas. */
export * from '../../terminal/schemas/entitlement-state.ts';
