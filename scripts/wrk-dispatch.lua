-- wrk script for scripts/bench-service.sh: POST /v1/dispatch with a new windowId each request
-- (the same id would be a replay), the body from $BODY, the bearer token from $TOKEN.
local counter = 0
local threads = 0
local body = nil

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  local f = assert(io.open(os.getenv("BODY"), "r"))
  body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
end

function request()
  counter = counter + 1
  local id = string.format("bench-%s-%d-%d", os.getenv("RUN") or "r", tid, counter)
  local b = body:gsub('"windowId"%s*:%s*"[^"]*"', '"windowId":"' .. id .. '"', 1)
  return wrk.format(nil, nil, nil, b)
end
