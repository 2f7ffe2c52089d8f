-- wrk script: POST /echo with a 1 KiB body framed by Content-Length (wrk.format adds it) and a Content-Type, which
-- the servers send back. The same request as ExchangeInput.ECHO_1K in http-tests.
-- Usage: wrk -s bench/echo.lua http://127.0.0.1:PORT/echo
local letters = {}
for i = 0, 1023 do
  letters[#letters + 1] = string.char(string.byte("a") + i % 26)
end

wrk.method = "POST"
wrk.body = table.concat(letters)
wrk.headers["Content-Type"] = "application/octet-stream"
