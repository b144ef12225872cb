// The list of CLI commands. One module per command (or command group).
import type { Command } from 'commander';

export const commands: Array<(program: Command) => void> = [];
