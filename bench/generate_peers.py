"""Generate inputs of a given size for the tools users would run instead of flowlint.

Issue #15 compares a whole `flowlint check` of the 1 MB benchmark flow with two linters of
neighbouring formats on an input of the same size:

- an Amazon States Language state machine for asl-validator (Step Functions is the closest
  neighbour of Studio: a JSON graph of states with transitions), and
- a CloudFormation template for cfn-lint (the Python linter built on jsonschema and networkx
  whose design flowlint follows).

Both are realistic rather than padded: the state machine is menus of Choice states, Task states
with Retry/Catch and Pass states; the template is queues, topics, Lambda functions with roles
and policies that reference each other. States or resources are added until the pretty-printed
file reaches the size of the flow it is compared with.

    python bench/generate_peers.py --like bench/flows/flow-1000.json --out bench/flows
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

LOREM = "Thanks for contacting Owl Bank. Our team is available Monday to Friday from 8am to 8pm. "


# CloudFormation allows 500 resources a template: functions carry realistic inline code so that a
# template of the flow's size stays under that limit.
HANDLER = "\n".join(
    ["import json, os", "", "def handler(event, context):"]
    + [f"    # step {line}: {LOREM.strip()}" for line in range(40)]
    + ["    return {'statusCode': 200, 'body': json.dumps(event)}", ""]
)


def _state_machine_states(count: int) -> dict[str, Any]:
    states: dict[str, Any] = {}
    for index in range(count):
        name = f"Step{index}"
        following = f"Step{index + 1}" if index + 1 < count else "Done"
        kind = index % 3
        if kind == 0:
            states[name] = {
                "Type": "Choice",
                "Comment": LOREM,
                "Choices": [
                    {"Variable": "$.menu", "StringEquals": "1", "Next": following},
                    {"Variable": "$.attempts", "NumericGreaterThan": 3, "Next": "Done"},
                ],
                "Default": following,
            }
        elif kind == 1:
            states[name] = {
                "Type": "Task",
                "Comment": LOREM,
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {
                    "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:lookup",
                    "Payload": {"account.$": "$.account", "step": name},
                },
                "ResultPath": f"$.results.{name}",
                "Retry": [
                    {
                        "ErrorEquals": ["States.TaskFailed"],
                        "IntervalSeconds": 2,
                        "MaxAttempts": 3,
                        "BackoffRate": 2.0,
                    }
                ],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}],
                "Next": following,
            }
        else:
            states[name] = {
                "Type": "Pass",
                "Comment": LOREM,
                "Result": {"message": LOREM, "step": index},
                "ResultPath": "$.last",
                "Next": following,
            }
    states["Failed"] = {"Type": "Fail", "Error": "LookupFailed", "Cause": "The lookup failed"}
    states["Done"] = {"Type": "Succeed"}
    return states


def state_machine(count: int) -> dict[str, Any]:
    """An ASL state machine with `count` states besides its two final ones."""
    return {
        "Comment": "Owl Bank support",
        "StartAt": "Step0",
        "States": _state_machine_states(count),
    }


def template(count: int) -> dict[str, Any]:
    """A CloudFormation template with `count` groups of a queue, a role and a function."""
    resources: dict[str, Any] = {}
    for index in range(count):
        queue, role, function = f"Queue{index}", f"Role{index}", f"Function{index}"
        resources[queue] = {
            "Type": "AWS::SQS::Queue",
            "Properties": {"VisibilityTimeout": 60, "MessageRetentionPeriod": 345600},
        }
        resources[role] = {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                },
                "Policies": [
                    {
                        "PolicyName": "queue",
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    "Effect": "Allow",
                                    "Action": ["sqs:SendMessage"],
                                    "Resource": {"Fn::GetAtt": [queue, "Arn"]},
                                }
                            ],
                        },
                    }
                ],
            },
        }
        resources[function] = {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Runtime": "python3.12",
                "Handler": "index.handler",
                "Role": {"Fn::GetAtt": [role, "Arn"]},
                "Timeout": 30,
                "Description": LOREM,
                "Code": {"ZipFile": HANDLER},
                "Environment": {"Variables": {"QUEUE_URL": {"Ref": queue}}},
            },
        }
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Owl Bank support back end",
        "Resources": resources,
    }


def _sized(build: Any, target: int) -> str:
    """The pretty-printed output of `build(n)` for the smallest n whose size reaches `target`
    bytes (found by doubling, then bisection)."""
    low, high = 1, 1
    while len(json.dumps(build(high), indent=2)) < target:
        low, high = high, high * 2
    while low < high:
        middle = (low + high) // 2
        if len(json.dumps(build(middle), indent=2)) < target:
            low = middle + 1
        else:
            high = middle
    return json.dumps(build(high), indent=2) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--like", type=Path, required=True, help="flow whose size to match")
    parser.add_argument("--out", type=Path, required=True, help="folder for the two files")
    arguments = parser.parse_args()
    target = arguments.like.stat().st_size
    arguments.out.mkdir(parents=True, exist_ok=True)
    stem = arguments.like.stem
    for suffix, build in (("asl", state_machine), ("cfn", template)):
        text = _sized(build, target)
        path = arguments.out / f"{stem}.{suffix}.json"
        path.write_text(text, encoding="utf-8")
        print(f"{path}: {len(text):,} bytes (flow: {target:,})")


if __name__ == "__main__":
    main()
