from flowlint.model.flow import Widget
from flowlint.model.suggest import did_you_mean
from flowlint.project.functions import url_path_of, url_service_of
from flowlint.rule import Rule, RuleContext, Severity


class UnknownFunction(Rule):
    """
    ## What it finds
    A run-function widget whose `url` calls a Function of the repository's own Twilio
    Serverless service (`https://<service>-NNNN[-<env>].twil.io/<path>`, where `<service>` is
    the `name` in package.json beside `functions/`) at a path no file under `functions/`
    serves. A file `functions/a/b.js` (or `.protected.js`, `.private.js`) is served at
    `/a/b`. URLs of other services, and repositories without a Serverless project, are not
    checked. Function SIDs (`ZH…`) are not checked: the local layout does not record them.

    ## Why it matters
    The widget calls a path the service does not deploy: the request fails (404) and the
    widget always takes `fail`.

    ## Example
    ```json
    "url": "https://acme-ivr-1234.twil.io/lookup-customer"
    ```
    with `functions/lookup.protected.js` in the repository.

    ## Fix
    ```json
    "url": "https://acme-ivr-1234.twil.io/lookup"
    ```
    """

    code = "FL957"
    name = "unknown-function"
    category = "project"
    severity = Severity.WARNING
    summary = "A run-function URL names no Function of the repository's Serverless project"

    def check_widget(self, widget: Widget, ctx: RuleContext) -> None:
        project = ctx.project
        if project is None or not project.has_serverless or not widget.type:
            return
        if not widget.type.startswith("run-function"):
            return
        url = widget.properties.get("url")
        if not isinstance(url, str) or "{" in url:
            return
        path = url_path_of(url)
        service = url_service_of(url)
        if path is None or service not in project.service_names:
            return
        if project.function_for_url(url) is not None:
            return
        paths = [function.url_path for function in project.functions]
        ctx.report(
            widget.property_pointer("url"),
            f"run-function '{widget.label}' calls {path} on service '{service}', but no file "
            f"under functions/ is served at that path{did_you_mean(path, paths)}",
            widget,
        )
