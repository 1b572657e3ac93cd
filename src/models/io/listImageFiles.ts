import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LayerproofError } from '../../core/LayerproofError.js';

const op = 'readModelInputs';

/** Extensions of the images readModelInputs decodes (compared without case). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg'];

function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());
}

/** `img2.png` before `img10.png`: numeric runs compare as numbers, in a fixed locale so the order is the same everywhere. */
function byName(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The image files named by `paths`, in order: a file is taken as it is (it must be a .png, .jpg
 * or .jpeg), a folder contributes its images sorted by name (other files in it are skipped; a
 * folder with no image at all is refused). Folders are not searched recursively.
 */
export function listImageFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      throw new LayerproofError(`Error in ${op}: the image path ${path} does not exist.`, { op, argument: 'images', value: path });
    }
    if (!isFolder) {
      if (!isImageName(path)) {
        throw new LayerproofError(
          `Error in ${op}: ${path} has the extension '${extname(path) || '(none)'}'; images must be ${IMAGE_EXTENSIONS.join(', ')} files (convert it, or give its folder to take only the images in it).`,
          { op, argument: 'images', value: path },
        );
      }
      files.push(path);
      continue;
    }
    const names = readdirSync(path, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    const images = names.filter(isImageName).sort(byName);
    if (images.length === 0) {
      const others = names.slice(0, 6).join(', ');
      throw new LayerproofError(
        `Error in ${op}: the folder ${path} holds no images (${IMAGE_EXTENSIONS.join(', ')}): ` +
          `${names.length === 0 ? 'it holds no files' : `it holds ${names.length} other file(s): ${others}${names.length > 6 ? ', …' : ''}`}.`,
        { op, argument: 'images', value: path },
      );
    }
    files.push(...images.map((name) => join(path, name)));
  }
  return files;
}
