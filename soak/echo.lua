-- wrk script: POST /echo with a 4 KiB body, which h1-server streams back.
wrk.method = "POST"
wrk.body = string.rep("e", 4096)
wrk.headers["Content-Type"] = "application/octet-stream"
