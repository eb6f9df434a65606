"""Talking to a Twilio account: the Studio REST API v2 client behind `flowlint pull` and
`flowlint check --remote-validate`.

Nothing here is imported by a plain `flowlint check`: the command line loads these modules only
when a command needs the network.

Why plain HTTP (`urllib`) and not the official `twilio` helper library:

- flowlint needs six Studio endpoints (list and fetch flows, list and fetch revisions, Validate,
  TestUsers); with basic auth and form bodies they fit in two small modules.
- The helper library would add `requests`, `aiohttp`, `aiohttp-retry` and `PyJWT` to every
  flowlint install, although most users never use the network.
- It has no documented base-URL option. Pointing it at a proxy or a test server means
  overwriting `client.studio.base_url`, and when `TWILIO_EDGE` or `TWILIO_REGION` is set its
  client rewrites the host name of every request (it splits the host on dots), which breaks any
  URL that is not `*.twilio.com`.
- By default it does not retry 429 and 5xx answers; we need that retry loop anyway.
- Validate's `details.errors` is reachable either way (`TwilioRestException.details`), so the
  library would not save us any parsing.
"""
