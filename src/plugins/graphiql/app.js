/*
 * GraphiQL for this gateway, in the browser: the example tabs with their variables shown, the
 * history panel open, one set of headers shared by every tab, and headers kept in the browser
 * only if the user turns on "Persist headers" in GraphiQL's settings. Served as a static,
 * cached file; the page it runs in holds its configuration (src/plugins/graphiql/options.ts).
 */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  var h = React.createElement;
  var tools = GraphiQL.React;
  // The headers every tab sends: edited in any tab, shown in all.
  var shared = config.headers;

  // Kept as the user types (GraphiQL's own onEditHeaders comes half a second later), and put
  // into each tab's editor as the tab opens, after GraphiQL has filled it with the tab's own.
  function SharedHeaders() {
    var editor = tools.useEditorContext({ nonNull: true });
    var headers = editor.headerEditor;
    React.useEffect(
      function () {
        if (!headers) return undefined;
        var typed = function (_, change) {
          if (change.origin !== 'setValue') shared = headers.getValue();
        };
        headers.on('change', typed);
        return function () {
          headers.off('change', typed);
        };
      },
      [headers],
    );
    React.useEffect(
      function () {
        if (headers && headers.getValue() !== shared) headers.setValue(shared);
      },
      [headers, editor.activeTabIndex],
    );
    return null;
  }

  // GraphiQL keeps its history, favourites and tabs in localStorage, the history with each
  // operation's headers whatever the "Persist headers" setting says. Headers (a key, a token)
  // are kept only when the user turned that setting on.
  var persistHeaders = function () {
    return localStorage.getItem('graphiql:shouldPersistHeaders') === 'true';
  };
  var withoutHeaders = function (value) {
    var stored = JSON.parse(value);
    (stored.queries || stored.favorites || stored.tabs || []).forEach(function (item) {
      delete item.headers;
    });
    return JSON.stringify(stored);
  };
  var storage = {
    getItem: function (key) {
      return localStorage.getItem(key);
    },
    setItem: function (key, value) {
      if (persistHeaders()) return localStorage.setItem(key, value);
      if (key === 'graphiql:headers') return localStorage.removeItem(key);
      if (/^graphiql:(queries|favorites|tabState)$/.test(key)) value = withoutHeaders(value);
      localStorage.setItem(key, value);
    },
    removeItem: function (key) {
      localStorage.removeItem(key);
    },
    clear: function () {
      localStorage.clear();
    },
    get length() {
      return localStorage.length;
    },
  };

  var tabs = config.tabs.map(function (tab) {
    return { query: tab.query, variables: tab.variables, headers: shared };
  });
  // On a first visit GraphiQL fills the first tab's editors from these, not from defaultTabs;
  // later, what it stored (the user's edits) is what opens.
  var first = localStorage.getItem('graphiql:tabState') === null ? tabs[0] : undefined;
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    h(
      GraphiQL,
      {
        fetcher: GraphiQL.createFetcher({ url: config.endpoint }),
        defaultTabs: tabs,
        query: first && first.query,
        variables: first && first.variables,
        defaultHeaders: shared,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: false,
        // The opt-in: GraphiQL hides the switch when persisting is off unless told to show it.
        showPersistHeadersSettings: true,
        storage: storage,
        defaultEditorToolsVisibility: 'variables',
        visiblePlugin: tools.HISTORY_PLUGIN,
      },
      h(GraphiQL.Logo, null, config.title),
      h(GraphiQL.Footer, null, h(SharedHeaders)),
    ),
  );
})();
