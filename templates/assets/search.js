// Starts Pagefind's search UI on the search page. Loaded only there; every other page works without JavaScript.
(function () {
  'use strict';
  var element = document.getElementById('search');
  if (!element || typeof window.PagefindUI !== 'function') return;
  var ui = new window.PagefindUI({
    element: '#search',
    baseUrl: element.getAttribute('data-base-url') || '/',
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
})();
