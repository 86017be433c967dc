#!/usr/bin/env bash
# LocalStack runs this inside its container once it is ready: the jobs queue and its dead-letter queue, shaped like
# template.yaml's (redrive after 30 receives; visibility 6 x the 60 s worker timeout deploy.sh gives the function).
set -euo pipefail

dlq_url=$(awslocal sqs create-queue --queue-name jobline-jobs-dlq \
    --attributes MessageRetentionPeriod=1209600 --query QueueUrl --output text)
dlq_arn=$(awslocal sqs get-queue-attributes --queue-url "$dlq_url" \
    --attribute-names QueueArn --query Attributes.QueueArn --output text)

attributes=$(mktemp)
trap 'rm -f "$attributes"' EXIT
# RedrivePolicy is a JSON document inside a JSON string, hence the escaped quotes.
cat >"$attributes" <<EOF
{
  "VisibilityTimeout": "360",
  "MessageRetentionPeriod": "345600",
  "RedrivePolicy": "{\"deadLetterTargetArn\":\"${dlq_arn}\",\"maxReceiveCount\":\"30\"}"
}
EOF
queue_url=$(awslocal sqs create-queue --queue-name jobline-jobs --attributes "file://$attributes" \
    --query QueueUrl --output text)

echo "jobline: queue $queue_url, dead-letter queue $dlq_url"
