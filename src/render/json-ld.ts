/**
 * Serialises structured data for a `<script type="application/ld+json">`
 * block. `<`, `>` and `&` become JSON escapes, so a `</script>` inside a title
 * cannot end the block, and U+2028/U+2029 cannot break older parsers.
 */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
