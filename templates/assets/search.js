// Starts Pagefind's search UI on the search page. Loaded only there; every other page works without JavaScript.
// The index is split into shards, one Pagefind bundle per period of years under pagefind/, and pagefind/shards.json
// lists, for each language, the bundles holding pages in it, newest first: the UI opens the first and merges the
// others into it (Pagefind's mergeIndex), so one search covers them all, with their filters added up.
(function () {
  'use strict';
  var element = document.getElementById('search');
  if (!element) return;

  // Said in the page rather than left as an empty box: the overviews below still reach every item.
  function unavailable(error) {
    if (error) console.error(error);
    var note = document.createElement('p');
    note.className = 'search__unavailable';
    note.setAttribute('role', 'status');
    note.textContent = element.getAttribute('data-unavailable') || 'Search is not available right now.';
    element.appendChild(note);
  }

  if (typeof window.PagefindUI !== 'function') return unavailable(new Error('pagefind-ui.js did not load'));
  var baseUrl = element.getAttribute('data-base-url') || '/';
  var bundle = element.getAttribute('data-bundle') || baseUrl + 'pagefind/';
  var lang = (document.documentElement.getAttribute('lang') || '').toLowerCase();

  function start(folders) {
    var ui = new window.PagefindUI({
      element: '#search',
      baseUrl: baseUrl,
      bundlePath: bundle + folders[0],
      mergeIndex: folders.slice(1).map(function (folder) {
        return { bundlePath: bundle + folder, baseUrl: baseUrl };
      }),
      showImages: false,
      showSubResults: true,
      resetStyles: false,
    });
    // Pagefind's input is named only by its title attribute; give it a real accessible name.
    var input = element.querySelector('.pagefind-ui__search-input');
    if (input) input.setAttribute('aria-label', element.getAttribute('data-label') || 'Search');
    // The header's search form submits here as ?q=…; run that query straight away.
    var query = new URLSearchParams(window.location.search).get('q');
    if (query) ui.triggerSearch(query);
  }

  fetch(bundle + 'shards.json', { cache: 'no-cache' })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status + ' fetching ' + bundle + 'shards.json');
      return response.json();
    })
    .then(function (shards) {
      var languages = shards.languages || {};
      // A language with no page of its own searches every bundle, as a single Pagefind bundle would.
      var folders = languages[lang] || languages[lang.split('-')[0]] || shards.all || [];
      start(folders.length > 0 ? folders : ['']);
    })
    .catch(unavailable);
})();
