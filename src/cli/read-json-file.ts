// Reading a JSON input file for a command: every failure names the file and the reason, never a stack.

import { readFile, stat } from 'node:fs/promises';
import { CliError, reasonOf } from './cli-error.ts';

/** Records and orders are a few kilobytes to a few megabytes; anything far larger is not one FHIR resource. */
const MAX_JSON_FILE_BYTES = 64 * 1024 * 1024;

export async function readJsonFile(command: string, path: string): Promise<unknown> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (info.size > MAX_JSON_FILE_BYTES) {
      throw new Error(
        `${info.size} bytes is larger than the ${MAX_JSON_FILE_BYTES}-byte limit for one resource`,
      );
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`o3care ${command}: cannot read ${path}: ${reasonOf(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`o3care ${command}: ${path} is not valid JSON: ${reasonOf(error)}`);
  }
}
