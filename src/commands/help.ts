import { COMMANDS } from './index.js';
import type { Command } from './types.js';

/** `kubedrill --help`: every command with its usage and one line of what it does. */
export const helpCommand: Command = {
  name: 'help',
  summary: 'List the commands',
  usage: '--help',
  async run(_args, io) {
    const lines = ['kubedrill — practice for the CKA, CKAD and CKS exams on a local kind cluster', '', 'Commands:'];
    for (const key of Object.keys(COMMANDS).sort()) {
      if (key === 'help') continue;
      const command = await COMMANDS[key]!();
      lines.push(`  kubedrill ${command.usage}`.padEnd(58) + `  ${command.summary}`);
    }
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
