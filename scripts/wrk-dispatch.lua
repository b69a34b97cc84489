-- wrk script for scripts/bench-service.sh: POST /v1/dispatch with a new windowId each request
-- (the same id would be a replay), the bearer token from $TOKEN. The body is $BODY (the same
-- window every time), or with $WINDOWS_DIR and $WINDOWS the files window-000.json … in turn
-- (consecutive windows of one feeder, scripts/make_rolling_windows.py): wrk's $THREADS threads
-- interleave, so the requests walk the windows in order, then start over.
local counter = 0
local threads = 0
local bodies = {}

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
    for k = 0, tonumber(os.getenv("WINDOWS")) - 1 do
      bodies[#bodies + 1] = read(string.format("%s/window-%03d.json", dir, k))
    end
  else
    bodies[1] = read(os.getenv("BODY"))
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
end

function request()
  local n = tonumber(os.getenv("THREADS") or "1")
  local index = (counter * n + tid - 1) % #bodies
  counter = counter + 1
  local id = string.format("bench-%s-%d-%d", os.getenv("RUN") or "r", tid, counter)
  local b = bodies[index + 1]:gsub('"windowId"%s*:%s*"[^"]*"', '"windowId":"' .. id .. '"', 1)
  return wrk.format(nil, nil, nil, b)
end
