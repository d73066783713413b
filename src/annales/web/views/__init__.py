"""The API's routes, one module per group of URLs (events, the store's tables, coding, health). Each module's
`install(app, api)` adds its routes; `create_app` (web/app.py) calls them in the order /docs lists them, so a
new group is one new module and one line there."""
