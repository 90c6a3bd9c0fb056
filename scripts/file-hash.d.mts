export const FILE_HASH: string;
/** The folder of `<cache>` where the stamps live. */
export function stampFolder(cacheDir: string): string;
/** The hash of `path`'s contents; with `stampDir`, remembered per (size, mtime, ctime, inode, device). */
export function hashFile(path: string, stampDir?: string): Promise<string>;
