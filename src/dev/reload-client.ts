/** Path of the server-sent events stream that tells open pages to reload. */
export const EVENTS_PATH = '/__communique/events';

/**
 * The script the dev server adds before `</body>` of every page (never in a
 * build): it reloads the page when the server announces a rebuild.
 */
export const RELOAD_SCRIPT = `<script type="module">
const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
events.addEventListener('reload', () => location.reload());
</script>
`;
