/** Folder of Pagefind's bundle inside the output, served as `<basePath>pagefind/`. */
export const SEARCH_BUNDLE_DIR = 'pagefind';

/**
 * Files of the search bundle that templates may link to. They are written
 * after rendering (by the search index step), so the link check is told
 * about them here rather than finding them among the rendered files.
 */
export const SEARCH_BUNDLE_ENTRY_FILES: readonly string[] = [`${SEARCH_BUNDLE_DIR}/pagefind-ui.js`, `${SEARCH_BUNDLE_DIR}/pagefind-ui.css`];
