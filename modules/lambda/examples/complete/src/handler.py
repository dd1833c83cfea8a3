"""Tiny example function: echoes who called it and the configured greeting."""

import json
import os


def handler(event, context):
    greeting = os.environ.get("GREETING", "hello")
    body = {
        "message": f"{greeting} from {context.function_name}",
        "request_id": context.aws_request_id,
        "path": (event or {}).get("rawPath", "/"),
    }
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(body),
    }
