/*
 * GraphiQL for this gateway, in the browser: the example tabs with their variables shown, the
 * history panel open, one set of headers shared by every tab, headers kept in the browser
 * only if the user turns on "Persist headers" in GraphiQL's settings, and subscriptions run
 * over GraphQL over SSE. Served as a static, cached file; the page it runs in holds its
 * configuration (src/plugins/graphiql/options.ts).
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

  // GraphiQL's own fetcher sends subscriptions over a WebSocket only, and needs graphql-ws in
  // the page for it; the gateway serves them over SSE as well, which fetch alone can read.
  var overHttp = GraphiQL.createFetcher({ url: config.endpoint });

  // The operation GraphiQL runs is a subscription (the named one, or the only one).
  function isSubscription(document, operationName) {
    return Boolean(document) && document.definitions.some(function (definition) {
      var name = definition.name ? definition.name.value : undefined;
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription' && name === (operationName || undefined);
    });
  }

  // One POST with Accept: text/event-stream (yoga's "distinct connections" mode), read as it
  // comes: each `event: next` is a result, which GraphiQL shows in place of the last, until
  // `event: complete` (the room was deleted, or the gateway ended the stream) or Stop, which
  // ends the request and so the subscription.
  function overSse(params, headers) {
    return {
      subscribe: function (sink) {
        var abort = new AbortController();
        var over = false;
        var end = function (error) {
          if (over) return;
          over = true;
          abort.abort();
          if (error) sink.error(error);
          else sink.complete();
        };
        var take = function (message) {
          var event = /^event: ?(.*)$/m.exec(message);
          var data = message
            .split('\n')
            .filter(function (line) {
              return line.indexOf('data:') === 0;
            })
            .map(function (line) {
              return line.slice(5).replace(/^ /, '');
            })
            .join('\n');
          if (event && event[1] === 'complete') return end();
          // Anything else with data is a result; a line starting with ":" is a keep-alive.
          if (data) sink.next(JSON.parse(data));
        };
        fetch(config.endpoint, {
          method: 'POST',
          headers: Object.assign({ 'content-type': 'application/json', accept: 'text/event-stream' }, headers),
          body: JSON.stringify(params),
          signal: abort.signal,
        })
          .then(function (response) {
            // Refused before it started (a bad document, no right to read the room…): one JSON answer.
            if (!/^text\/event-stream/.test(response.headers.get('content-type') || '')) {
              return response.json().then(function (result) {
                sink.next(result);
                end();
              });
            }
            var reader = response.body.getReader();
            var decoder = new TextDecoder();
            var buffer = '';
            var read = function () {
              return reader.read().then(function (chunk) {
                if (chunk.done) return end();
                buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, '\n');
                var cut;
                while (!over && (cut = buffer.indexOf('\n\n')) >= 0) {
                  take(buffer.slice(0, cut));
                  buffer = buffer.slice(cut + 2);
                }
                return over ? undefined : read();
              });
            };
            return read();
          })
          .catch(function (error) {
            if (!over) end(error);
          });
        return {
          unsubscribe: function () {
            over = true;
            abort.abort();
          },
        };
      },
    };
  }

  function fetcher(params, options) {
    if (isSubscription(options && options.documentAST, params.operationName)) return overSse(params, (options && options.headers) || {});
    return overHttp(params, options);
  }

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
        fetcher: fetcher,
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
