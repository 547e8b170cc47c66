"""Which model answers: OpenAI when a key is configured, else the offline model."""

from agents import Model, OpenAIResponsesModel
from openai import AsyncOpenAI

from ..settings import Settings
from .offline_model import OfflineModel


def build_model(settings: Settings) -> Model:
    if settings.openai_api_key is None:
        return OfflineModel(delay=settings.offline_model_delay_ms / 1000)
    client = AsyncOpenAI(api_key=settings.openai_api_key.get_secret_value())
    return OpenAIResponsesModel(model=settings.openai_model, openai_client=client)
