-- wrk script for scripts/bench-service.sh: POST /v1/dispatch with a new windowId each request
-- (the same id would be a replay), the bearer token from $TOKEN. The body is $BODY (the same
-- window every time), or with $WINDOWS_DIR and $WINDOWS the files window-000.json … in turn
-- (consecutive windows of one feeder, scripts/make_rolling_windows.py) in turn, then again: wrk's
-- $THREADS threads (the -t given to wrk) interleave, thread k taking windows k, k + THREADS, …
-- at its own pace, with one request in flight per connection.
local counter = 0
local threads = 0
local bodies = {}
local stride = 1

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local function read(path)
  local f = assert(io.open(path, "r"))
  local text = f:read("*a")
  f:close()
  return text
end

function init(args)
  local dir = os.getenv("WINDOWS_DIR")
  if dir then
    local count = assert(tonumber(os.getenv("WINDOWS") or ""), "WINDOWS_DIR needs WINDOWS, the number of window files")
    for k = 0, count - 1 do
      bodies[#bodies + 1] = read(string.format("%s/window-%03d.json", dir, k))
    end
  else
    bodies[1] = read(os.getenv("BODY"))
  end
  stride = assert(tonumber(os.getenv("THREADS") or "1"), "THREADS must be wrk's -t")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
end

function request()
  local index = (counter * stride + tid - 1) % #bodies
  counter = counter + 1
  local id = string.format("bench-%s-%d-%d", os.getenv("RUN") or "r", tid, counter)
  local b = bodies[index + 1]:gsub('"windowId"%s*:%s*"[^"]*"', '"windowId":"' .. id .. '"', 1)
  return wrk.format(nil, nil, nil, b)
end
