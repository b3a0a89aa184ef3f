/*
 * GraphiQL for this gateway, in the browser: the example tabs with their variables shown, one
 * set of headers shared by every tab, who those headers sign in as beside the title (and, on
 * the demo, a switch between its users), headers kept in the browser only if the user turns on
 * "Persist headers" in GraphiQL's settings, and subscriptions run over GraphQL over SSE.
 * Served as a static, cached file; the page it runs in holds its configuration
 * (src/plugins/graphiql/options.ts).
 */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  var h = React.createElement;
  var tools = GraphiQL.React;
  // The headers every tab sends: edited in any tab, shown in all.
  var shared = config.headers;

  // Who the shared headers sign in as: a demo user or another token's subject, an API key, or nobody.
  function signedInAs(text) {
    var authorization;
    try {
      authorization = (JSON.parse(text) || {}).Authorization || '';
    } catch (_) {
      return 'headers that are not JSON';
    }
    var token = (/^Bearer\s+(\S+)$/i.exec(authorization) || [])[1];
    if (!token) return 'nobody (anonymous)';
    var users = config.users || {};
    for (var name in users) if (users[name] === token) return name;
    var parts = token.split('.');
    if (parts.length === 3) {
      try {
        var claims = JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')));
        if (claims.sub) return String(claims.sub);
      } catch (_) {
        // not a token whose subject can be read here
      }
    }
    return 'an API key';
  }

  var listeners = [];
  var tell = function () {
    listeners.forEach(function (listener) {
      listener(shared);
    });
  };

  // Beside the title: whom the headers sign in as, and on the demo a switch between its users.
  function WhoAmI() {
    var state = React.useState(shared);
    var text = state[0];
    var setText = state[1];
    React.useEffect(function () {
      listeners.push(setText);
      return function () {
        listeners.splice(listeners.indexOf(setText), 1);
      };
    }, []);
    var who = signedInAs(text);
    var users = config.users ? Object.keys(config.users) : [];
    var label = h('span', { className: 'gateway-signed-in-as', title: 'From the Authorization header, which every tab sends' }, 'Signed in as ' + who);
    if (!users.length) return label;
    var choose = function (event) {
      var name = event.target.value;
      shared = JSON.stringify(name ? { Authorization: 'Bearer ' + config.users[name] } : {}, null, 2);
      tell();
    };
    return h(
      'span',
      null,
      label,
      ' ',
      h(
        'select',
        { 'aria-label': 'Sign in as', value: users.indexOf(who) >= 0 ? who : '', onChange: choose },
        h('option', { value: '' }, 'anonymous'),
        users.map(function (name) {
          return h('option', { key: name, value: name }, name);
        }),
      ),
    );
  }

  // Kept as the user types (GraphiQL's own onEditHeaders comes half a second later), and put
  // into each tab's editor as the tab opens, after GraphiQL has filled it with the tab's own.
  function SharedHeaders() {
    var editor = tools.useEditorContext({ nonNull: true });
    var headers = editor.headerEditor;
    React.useEffect(
      function () {
        if (!headers) return undefined;
        var typed = function (_, change) {
          if (change.origin !== 'setValue') {
            shared = headers.getValue();
            tell();
          }
        };
        // A user chosen beside the title: the headers editor shows it at once.
        var chosen = function (text) {
          if (headers.getValue() !== text) headers.setValue(text);
        };
        listeners.push(chosen);
        headers.on('change', typed);
        return function () {
          headers.off('change', typed);
          listeners.splice(listeners.indexOf(chosen), 1);
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

  // The operations of a document's text, each with its type and name (none: anonymous), read as
  // GraphQL's lexer would: outside strings and comments, at the top level of braces. Not from
  // GraphiQL's parsed document: right after a switch of tabs it is the previous tab's too.
  function operationsIn(text) {
    var found = [];
    var depth = 0;
    var opened = false;
    var i = 0;
    var word = /[_A-Za-z][_0-9A-Za-z]*/y;
    var nameAfter = /[\s,]*([_A-Za-z][_0-9A-Za-z]*)/y;
    while (i < text.length) {
      var c = text[i];
      if (c === '#') {
        var eol = text.indexOf('\n', i);
        i = eol < 0 ? text.length : eol;
      } else if (c === '"' && text.slice(i, i + 3) === '"""') {
        var close = text.indexOf('"""', i + 3);
        i = close < 0 ? text.length : close + 3;
      } else if (c === '"') {
        for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
        i++;
      } else if (c === '{' || c === '}') {
        // A `{` at the top level that no keyword opened is the shorthand for an anonymous query.
        if (c === '{' && depth === 0 && !opened) found.push({ type: 'query', name: undefined });
        if (depth === 0) opened = false;
        depth += c === '{' ? 1 : -1;
        i++;
      } else if (depth === 0 && ((word.lastIndex = i), word.test(text))) {
        var keyword = text.slice(i, word.lastIndex);
        i = word.lastIndex;
        if (keyword === 'query' || keyword === 'mutation' || keyword === 'subscription') {
          nameAfter.lastIndex = i;
          var name = nameAfter.exec(text);
          found.push({ type: keyword, name: name ? name[1] : undefined });
          opened = true;
        } else if (keyword === 'fragment') {
          opened = true;
        }
      } else {
        i++;
      }
    }
    return found;
  }

  function fetcher(params, options) {
    // Right after a switch of tabs GraphiQL 3 sends the previous tab's operation name for 100 ms
    // (a 400: no such operation): the name must be one of this text's, or its only one.
    var operations = operationsIn(params.query || '');
    var named = operations.filter(function (operation) {
      return operation.name === params.operationName;
    })[0];
    if (params.operationName && !named) {
      named = operations.length === 1 ? operations[0] : undefined;
      params = Object.assign({}, params, { operationName: named ? named.name : undefined });
    }
    // The headers as they are now: a user just chosen beside the title may not be in GraphiQL's yet.
    var current;
    try {
      current = JSON.parse(shared || '{}');
    } catch (_) {
      current = (options && options.headers) || {};
    }
    var sent = Object.assign({}, options || {}, { headers: current });
    var chosen = named || (operations.length === 1 ? operations[0] : undefined);
    var subscription = chosen ? chosen.type === 'subscription' : isSubscription(options && options.documentAST, params.operationName);
    if (subscription) return overSse(params, sent.headers);
    return overHttp(params, sent);
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
      },
      h(GraphiQL.Logo, null, config.title, ' ', h(WhoAmI)),
      h(GraphiQL.Footer, null, h(SharedHeaders)),
    ),
  );
})();
