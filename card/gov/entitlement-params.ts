/** The card's entitlement rule parameters (DF47): the format is shared with the terminal, in terminal/schemas. */
export * from '../../terminal/schemas/entitlement-params.ts';
