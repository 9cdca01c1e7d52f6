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
  // The header's search form submits here as ?q=…; run that query straight away.
  var query = new URLSearchParams(window.location.search).get('q');
  if (query) ui.triggerSearch(query);
})();
