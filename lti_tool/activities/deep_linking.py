"""The signed LtiDeepLinkingResponse that adds activities to a Moodle course."""
from pylti1p3.deep_link import DeepLink

from ..lti.launch import CONTENT_ITEMS
from ..lti.toolconf import DbToolConf
from .services import CUSTOM_PARAM


def content_item(activity, launch_url):
    """One ltiResourceLink (the only type Moodle accepts); graded activities carry a lineItem."""
    item = {
        "type": "ltiResourceLink",
        "title": activity.title,
        "text": activity.description[:1000],
        "url": launch_url,
        "custom": {CUSTOM_PARAM: str(activity.id)},
    }
    if activity.graded:
        item["lineItem"] = {
            "scoreMaximum": float(activity.score_maximum),
            "label": activity.title,
            "resourceId": activity.resource_id,
            "tag": activity.kind,
        }
    return item


def response_jwt(course, settings, activities, launch_url):
    """Sign the response with the tool's active key, for the registration the launch came through."""
    platform = course.platform
    registration = DbToolConf().find_registration_by_params(platform.issuer, platform.client_id)
    deep_link = DeepLink(registration, course.deployment_id, settings)
    message = deep_link.get_message_jwt([])
    message[CONTENT_ITEMS] = [content_item(a, launch_url) for a in activities]
    return deep_link.encode_jwt(message)
