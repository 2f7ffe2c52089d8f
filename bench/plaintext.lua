-- wrk script: GET /plaintext with the TechEmpower plaintext request's header fields (wrk adds Host).
-- The same request as ExchangeInput.PLAINTEXT in http-tests. Usage: wrk -s bench/plaintext.lua http://127.0.0.1:PORT/plaintext
wrk.headers["Accept"] = "text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7"
wrk.headers["Connection"] = "keep-alive"
