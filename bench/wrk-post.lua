-- wrk script: every request is the same chat completion POST. The body and the bearer token come from the
-- environment so one script serves the direct and the through-OPT runs, streaming or not.
wrk.method = 'POST'
wrk.body = os.getenv('BENCH_BODY')
wrk.headers['Content-Type'] = 'application/json'
wrk.headers['Authorization'] = 'Bearer ' .. os.getenv('BENCH_BEARER')
