#!/usr/bin/env bash
# LocalStack runs this inside its container once it is ready: the jobs queue and the high-priority jobs queue, each with
# its dead-letter queue, shaped like template.yaml's (redrive after 30 receives; visibility 6 x the 60 s worker timeout
# deploy.sh gives the function). The names are LocalJobline's (QUEUE_NAME, HIGH_PRIORITY_QUEUE_NAME, "-dlq").
set -euo pipefail

attributes=$(mktemp)
trap 'rm -f "$attributes"' EXIT

# $1: queue name. Creates "$1-dlq" and "$1" redriving to it; prints "$1"'s URL.
create_queue() {
    local dlq_url dlq_arn
    dlq_url=$(awslocal sqs create-queue --queue-name "$1-dlq" \
        --attributes MessageRetentionPeriod=1209600 --query QueueUrl --output text)
    dlq_arn=$(awslocal sqs get-queue-attributes --queue-url "$dlq_url" \
        --attribute-names QueueArn --query Attributes.QueueArn --output text)
    # RedrivePolicy is a JSON document inside a JSON string, hence the escaped quotes.
    cat >"$attributes" <<EOF
{
  "VisibilityTimeout": "360",
  "MessageRetentionPeriod": "345600",
  "RedrivePolicy": "{\"deadLetterTargetArn\":\"${dlq_arn}\",\"maxReceiveCount\":\"30\"}"
}
EOF
    awslocal sqs create-queue --queue-name "$1" --attributes "file://$attributes" --query QueueUrl --output text
}

queue_url=$(create_queue jobline-jobs)
high_queue_url=$(create_queue jobline-jobs-high)

echo "jobline: queues $queue_url and $high_queue_url, each with its -dlq dead-letter queue"
