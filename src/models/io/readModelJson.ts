import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LayerproofError } from '../../core/LayerproofError.js';

const op = 'loadModel';

/** A parsed `model.json`: where it is and its top-level object. */
export interface ModelJsonFile {
  /** Absolute path of the file. */
  readonly path: string;
  readonly json: Readonly<Record<string, unknown>>;
}

/** `path` itself when it is a file, `path/model.json` when it is a folder holding one. */
async function locateModelJson(path: string): Promise<string> {
  const absolute = resolve(path);
  let isFolder: boolean;
  try {
    isFolder = (await stat(absolute)).isDirectory();
  } catch {
    throw new LayerproofError(
      `Error in ${op}: ${path} does not exist; give a model.json file or a folder holding one (as written by model.save('file://…') or tensorflowjs_converter).`,
      { op, argument: 'path', value: path },
    );
  }
  if (!isFolder) return absolute;
  const candidate = join(absolute, 'model.json');
  try {
    if ((await stat(candidate)).isFile()) return candidate;
  } catch {
    // Reported below with what the folder does hold.
  }
  const jsonFiles = (await readdir(absolute)).filter((name) => name.toLowerCase().endsWith('.json')).sort();
  const holds = jsonFiles.length === 0 ? 'no .json file at all' : `only ${jsonFiles.join(', ')}`;
  throw new LayerproofError(
    `Error in ${op}: the folder ${path} holds no model.json (it has ${holds}); give the model.json file itself or the folder that holds it.`,
    { op, argument: 'path', value: path },
  );
}

/** Whether JSON.parse failed because the text stopped early (it ran off the end) rather than at a wrong character. */
function looksTruncated(message: string, text: string): boolean {
  if (/end of JSON input/i.test(message)) return true;
  const position = /at position (\d+)/.exec(message)?.[1];
  return position !== undefined && Number(position) >= text.trimEnd().length;
}

/**
 * Finds and parses a model.json (the file itself, or a folder holding one). Says whether the file
 * is missing, empty, truncated or not JSON, and refuses JSON that is not an object with a
 * `modelTopology`.
 */
export async function readModelJson(path: string): Promise<ModelJsonFile> {
  if (typeof path !== 'string' || path.length === 0) {
    throw LayerproofError.invalid({ op, argument: 'path', value: path, expected: 'the path of a model.json file or of a folder holding one' });
  }
  const file = await locateModelJson(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LayerproofError(`Error in ${op}: ${file} cannot be read: ${(error as Error).message}.`, { op, argument: 'path', value: file, cause: error });
  }
  if (text.trim().length === 0) {
    throw new LayerproofError(`Error in ${op}: ${file} is empty; a model.json holds a JSON object with modelTopology and weightsManifest.`, { op, argument: 'path', value: file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const what = looksTruncated(message, text)
      ? `is truncated: its JSON stops after ${Buffer.byteLength(text)} bytes before the last bracket closes (${message}); copy or download the model again`
      : `is not valid JSON (${message})`;
    throw new LayerproofError(`Error in ${op}: ${file} ${what}.`, { op, argument: 'path', value: file, cause: error });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new LayerproofError(
      `Error in ${op}: ${file} holds ${Array.isArray(json) ? 'a JSON array' : `the JSON value ${String(json)}`}, not the object a model.json holds (with modelTopology and weightsManifest).`,
      { op, argument: 'path', value: file },
    );
  }
  return { path: file, json: json as Record<string, unknown> };
}
