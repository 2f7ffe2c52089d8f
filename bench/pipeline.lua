-- wrk script: the plaintext request of plaintext.lua, 16 deep: each write sends 16 requests back to back, and wrk
-- waits for their 16 responses before the next write (it counts the requests in the buffer it is given).
-- The same bytes as ExchangeInput.PLAINTEXT_PIPELINED_16 in http-tests. wrk's latency figures are per write, not per
-- request, so they are not reported for this scenario.
-- Usage: wrk -s bench/pipeline.lua http://127.0.0.1:PORT/plaintext
local depth = 16

wrk.headers["Accept"] = "text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7"
wrk.headers["Connection"] = "keep-alive"

local batch

function init(args)
  local requests = {}
  for i = 1, depth do
    requests[i] = wrk.format()
  end
  batch = table.concat(requests)
end

function request()
  return batch
end
