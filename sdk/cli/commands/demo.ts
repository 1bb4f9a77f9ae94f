import type { Command } from '../command.ts';

/** Placeholder until the virtual bench lands: says so plainly rather than pretending. */
const demo: Command = async () => {
  process.stderr.write('kart demo: the virtual card bench is not built yet\n');
  return 1;
};
export default demo;
