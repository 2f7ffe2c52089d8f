-- wrk script: every request is DEPTH pipelined copies of the request (default 16), as in TechEmpower's plaintext
-- test. Usage: wrk -s soak/pipeline.lua URL -- 16
init = function(args)
  local depth = tonumber(args[1]) or 16
  local requests = {}
  for i = 1, depth do
    requests[i] = wrk.format()
  end
  pipelined = table.concat(requests)
end

request = function()
  return pipelined
end
