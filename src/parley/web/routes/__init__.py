"""The web app's pages, one module per area, each exposing `router = APIRouter()`."""
