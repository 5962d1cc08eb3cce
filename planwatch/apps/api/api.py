"""REST API (django-ninja). OpenAPI at /api/openapi.json, interactive docs at /api/docs.

Every endpoint takes an API token (Authorization: Bearer) or the web login's session (anonymous callers get 401) and answers only within the caller's
region and role, with the rules of the web pages (see access.py). Errors are ``{"detail": "<中文说明>"}``."""

from ninja import NinjaAPI

from planwatch import __version__

from . import errors
from .auth import API_AUTH
from .docs import LocalSwagger

api = NinjaAPI(
    title="planwatch API",
    version=__version__,
    description="妇女儿童发展规划监测评估系统接口：规划与指标、指标字典、规划衔接、监测评估结果与预警、"
    "年度数据报送、已审核数据的 SDMX-CSV 导出。机器客户端用接口令牌（Authorization: Bearer pw_…），网页用户用登录会话。列表接口分页（page、page_size）。",
    auth=API_AUTH,
    docs=LocalSwagger(),
)
errors.install(api)

# One router per topic (plans, evaluation, dictionary, exports, imports, reporting).
from .dictionary import router as dictionary_router  # noqa: E402
from .evaluation import router as evaluation_router  # noqa: E402
from .exports import router as exports_router  # noqa: E402
from .imports import router as imports_router  # noqa: E402
from .plans import router as plans_router  # noqa: E402
from .reporting import router as reporting_router  # noqa: E402

api.add_router("", plans_router)
api.add_router("", evaluation_router)
api.add_router("", dictionary_router)
api.add_router("", exports_router)
api.add_router("", imports_router)
api.add_router("/reporting", reporting_router)
