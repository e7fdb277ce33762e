/**
 * Imported first by entry.ts. The apps' main.ts files start themselves when
 * `import.meta.url` is the script being run, which in a one-file bundle is true of all of
 * them at once; hiding the script path from them keeps the dispatch in entry.ts alone.
 */
export const argv = process.argv.slice(2);
process.argv[1] = '/skiff-bundle/entry';
