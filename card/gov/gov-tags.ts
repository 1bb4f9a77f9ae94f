/** The KARTGOV applet's AID, INS, P2 and tag numbers: the wire contract shared with the terminal. */
export * from '../../terminal/schemas/kartgov-tags.ts';
