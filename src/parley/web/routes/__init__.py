"""The pages and APIs of the web app, one module per area, each with its `router`."""
