// Preloaded into the production server (`node --require ./url-guard.cjs server.js`: scripts/serve.sh
// and the Docker image): a request whose path is not valid percent-encoding (`/chat/%E0`, `/api/%ZZ`)
// gets a 400 JSON error. Next's router throws a DecodeError on such paths and tries to render a
// `/400` page, which an app-router app does not have, so it answered a plain-text 500 instead.
// Query strings are not checked: Next parses them leniently and the routes validate them.
"use strict";
const http = require("node:http");

const BODY = JSON.stringify({
  error: { code: "bad_request", message: "The request path is not valid percent-encoding." },
});

function isDecodable(url) {
  const end = url.search(/[?#]/);
  try {
    decodeURIComponent(end === -1 ? url : url.slice(0, end));
    return true;
  } catch {
    return false;
  }
}

function guard(listener) {
  return function guardedListener(req, res) {
    if (isDecodable(req.url ?? "/")) return listener.call(this, req, res);
    res.writeHead(400, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(BODY),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    res.end(BODY);
  };
}

const createServer = http.createServer;
http.createServer = function createGuardedServer(...args) {
  const at = args.findIndex((arg) => typeof arg === "function");
  if (at !== -1) args[at] = guard(args[at]);
  return createServer.apply(this, args);
};

module.exports = { isDecodable };
