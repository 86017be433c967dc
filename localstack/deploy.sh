#!/usr/bin/env bash
# Deploys Jobline's api and worker jars into the LocalStack of docker-compose.yml, next to its PostgreSQL and Redis:
# schema, a tenant and an API key, the api, worker and sweep Lambda functions, one SQS event source mapping per jobs
# queue (normal and high priority), the sweep's one-minute schedule and an HTTP endpoint. Prints a curl line that runs
# a job end to end. Safe to run again (it updates what exists).
#
#   mvn -q package -DskipTests                                # builds functions/*/target/jobline-*.jar
#   docker compose -f localstack/docker-compose.yml up -d --wait
#   localstack/deploy.sh
#
# Needs docker (with compose), the AWS CLI v2 and curl on the host. Environment:
#   LOCALSTACK_ENDPOINT     default http://localhost:4566
#   JOBLINE_SENDER_ADDRESS  default jobline@example.com (must match the compose file's, which verifies it)
#   JOBLINE_API_KEY         reuse this key (jl_ + 43 base64url characters) instead of making a new one
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")

endpoint=${LOCALSTACK_ENDPOINT:-http://localhost:4566}
sender=${JOBLINE_SENDER_ADDRESS:-jobline@example.com}
region=us-east-1
account=000000000000
api_jar=$root/functions/api/target/jobline-api.jar
worker_jar=$root/functions/worker/target/jobline-worker.jar
migrations=$root/shared/src/main/resources/db/migration

# LocalStack takes any credentials; these keep the CLI from looking for real ones.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=$region AWS_PAGER=""

die() {
    echo "deploy.sh: $*" >&2
    exit 1
}

awsl() {
    aws --endpoint-url "$endpoint" "$@"
}

compose() {
    docker compose -f "$here/docker-compose.yml" "$@"
}

psql_jobline() {
    compose exec -T postgres psql -v ON_ERROR_STOP=1 -q -U jobline -d jobline "$@"
}

for tool in docker aws curl; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done
for jar in "$api_jar" "$worker_jar"; do
    [[ -f $jar ]] || die "$jar is missing: run 'mvn -q package -DskipTests' first"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- Wait for LocalStack and its init hooks (queues, SES identity) -------------------------------------------------
echo "Waiting for LocalStack at $endpoint ..."
for _ in $(seq 1 90); do
    if curl -fsS "$endpoint/_localstack/init/ready" 2>/dev/null | grep -Eq '"completed": *true'; then
        break
    fi
    sleep 2
done
curl -fsS "$endpoint/_localstack/init/ready" | grep -Eq '"completed": *true' \
    || die "LocalStack's ready hooks did not finish; see: docker compose -f $here/docker-compose.yml logs localstack"

# --- Schema: the Flyway migration files in version order, each once ------------------------------------------------
psql_jobline <<'SQL'
SET client_min_messages = warning;
CREATE TABLE IF NOT EXISTS localstack_applied_migrations (
    file        text        PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
SQL
for file in "$migrations"/V*.sql; do   # V001__, V002__, ...: the glob sorts them in order
    [[ -f $file ]] || die "no migrations in $migrations"
    name=$(basename "$file")
    applied=$(psql_jobline -tA -v file="$name" <<'SQL'
SELECT count(*) FROM localstack_applied_migrations WHERE file = :'file';
SQL
    )
    if [[ $applied == 0 ]]; then
        echo "Applying $name"
        { cat "$file"; printf "\nINSERT INTO localstack_applied_migrations (file) VALUES ('%s');\n" "$name"; } \
            | psql_jobline --single-transaction
    fi
done

# --- A tenant and an API key (only the key's SHA-256 is stored, as io.jobline.tenant.ApiKey does) ------------------
api_key=${JOBLINE_API_KEY:-}
if [[ -z $api_key ]]; then
    # 32 random bytes in base64url without padding: 43 characters.
    api_key="jl_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
fi
[[ $api_key =~ ^jl_[A-Za-z0-9_-]{43}$ ]] || die "JOBLINE_API_KEY must be jl_ and 43 base64url characters"
psql_jobline -v api_key="$api_key" <<'SQL'
INSERT INTO tenants (id, name) VALUES (gen_random_uuid(), 'localstack') ON CONFLICT (name) DO NOTHING;
INSERT INTO api_keys (key_hash, tenant_id, name)
SELECT sha256(convert_to(:'api_key', 'UTF8')), id, 'localstack/deploy.sh' FROM tenants WHERE name = 'localstack'
ON CONFLICT (key_hash) DO NOTHING;
SQL

# --- Where the functions find LocalStack and SES -------------------------------------------------------------------
# Lambda containers resolve localhost.localstack.cloud (and its subdomains, like the queue URL's) to LocalStack.
inside=http://localhost.localstack.cloud:4566
if awsl sesv2 list-email-identities >/dev/null 2>&1; then
    ses_endpoint=$inside
    mail_url="$endpoint/_aws/ses"
else
    ses_endpoint=http://ses:8005 # the compose service: this LocalStack image has no SES v2
    mail_url=http://localhost:8005/store
fi

# The four queues of init/ready.d/10-queues.sh; Config requires every URL.
queue_url_of() {
    awsl sqs get-queue-url --queue-name "$1" --query QueueUrl --output text
}
queue_arn_of() {
    awsl sqs get-queue-attributes --queue-url "$1" --attribute-names QueueArn --query Attributes.QueueArn --output text
}
queue_url=$(queue_url_of jobline-jobs)
high_queue_url=$(queue_url_of jobline-jobs-high)
dlq_url=$(queue_url_of jobline-jobs-dlq)
high_dlq_url=$(queue_url_of jobline-jobs-high-dlq)
queue_arn=$(queue_arn_of "$queue_url")
high_queue_arn=$(queue_arn_of "$high_queue_url")

# --- Functions -----------------------------------------------------------------------------------------------------
role_arn=arn:aws:iam::$account:role/jobline-localstack
if ! awsl iam get-role --role-name jobline-localstack >/dev/null 2>&1; then
    awsl iam create-role --role-name jobline-localstack >/dev/null --assume-role-policy-document \
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
fi

# $1: file to write; $2: extra "NAME": "value" lines for that function. Compose hostnames, not localhost: the functions
# run in their own containers on the compose network.
write_environment() {
    cat >"$1" <<EOF
{"Variables": {
  "JOBLINE_DATABASE_URL": "jdbc:postgresql://postgres:5432/jobline",
  "JOBLINE_DATABASE_USER": "jobline",
  "JOBLINE_DATABASE_PASSWORD": "jobline",
  "JOBLINE_REDIS_URL": "redis://redis:6379",
  "JOBLINE_QUEUE_URL": "$queue_url",
  "JOBLINE_HIGH_PRIORITY_QUEUE_URL": "$high_queue_url",
  "JOBLINE_DEAD_LETTER_QUEUE_URL": "$dlq_url",
  "JOBLINE_HIGH_PRIORITY_DEAD_LETTER_QUEUE_URL": "$high_dlq_url",
  "JOBLINE_SENDER_ADDRESS": "$sender",
  "JOBLINE_LOG_LEVEL": "INFO",
  "AWS_ENDPOINT_URL_SQS": "$inside",
  "AWS_ENDPOINT_URL_SESV2": "$ses_endpoint",
  $2
}}
EOF
}

# $1 name, $2 handler, $3 jar, $4 timeout (s), $5 environment file
deploy_function() {
    if awsl lambda get-function --function-name "$1" >/dev/null 2>&1; then
        echo "Updating function $1"
        awsl lambda update-function-code --function-name "$1" --zip-file "fileb://$3" >/dev/null
        awsl lambda wait function-updated-v2 --function-name "$1"
        awsl lambda update-function-configuration --function-name "$1" --handler "$2" --timeout "$4" \
            --environment "file://$5" >/dev/null
        awsl lambda wait function-updated-v2 --function-name "$1"
    else
        echo "Creating function $1"
        awsl lambda create-function --function-name "$1" --runtime java21 --handler "$2" --role "$role_arn" \
            --zip-file "fileb://$3" --timeout "$4" --memory-size 1024 --environment "file://$5" >/dev/null
        awsl lambda wait function-active-v2 --function-name "$1"
    fi
}

write_environment "$work/api.json" '"JOBLINE_API_KEY_CACHE_SECONDS": "30"'
# Lease >= the worker's 60 s timeout; the queue's visibility timeout is 6 x 60 s (init/ready.d/10-queues.sh).
write_environment "$work/worker.json" '"JOBLINE_JOB_LEASE_SECONDS": "90"'
deploy_function jobline-api io.jobline.api.ApiHandler::handleRequest "$api_jar" 30 "$work/api.json"
deploy_function jobline-worker io.jobline.worker.WorkerHandler::handleRequest "$worker_jar" 60 "$work/worker.json"
# The sweep is in the worker's jar, with the worker's environment (same lease), as in template.yaml.
deploy_function jobline-sweep io.jobline.worker.SweepHandler::handleRequest "$worker_jar" 60 "$work/worker.json"

# --- The worker reads both queues like on AWS: batches of 10, partial batch failures -----------------------------
# $1: queue ARN; $2: maximum batching window (s). High priority does not wait for a batch to fill (template.yaml).
map_queue() {
    local mapping
    mapping=$(awsl lambda list-event-source-mappings --function-name jobline-worker --event-source-arn "$1" \
        --query 'EventSourceMappings[0].UUID' --output text)
    if [[ -z $mapping || $mapping == None ]]; then
        awsl lambda create-event-source-mapping --function-name jobline-worker --event-source-arn "$1" \
            --batch-size 10 --maximum-batching-window-in-seconds "$2" \
            --function-response-types ReportBatchItemFailures --scaling-config MaximumConcurrency=2 >/dev/null
    fi
}
map_queue "$queue_arn" 1
map_queue "$high_queue_arn" 0

# --- The sweep runs every minute ------------------------------------------------------------------------------------
# template.yaml uses an EventBridge Scheduler schedule; a scheduled EventBridge rule is what LocalStack runs without a
# token. Both send the function an event it ignores. put-rule and put-targets update what exists.
sweep_arn=$(awsl lambda get-function --function-name jobline-sweep --query Configuration.FunctionArn --output text)
rule_arn=$(awsl events put-rule --name jobline-sweep --schedule-expression 'rate(1 minute)' \
    --query RuleArn --output text)
awsl events put-targets --rule jobline-sweep --targets "Id=jobline-sweep,Arn=$sweep_arn" >/dev/null
if ! awsl lambda get-policy --function-name jobline-sweep --query Policy --output text 2>/dev/null \
    | grep -q jobline-sweep-schedule; then
    awsl lambda add-permission --function-name jobline-sweep --statement-id jobline-sweep-schedule \
        --action lambda:InvokeFunction --principal events.amazonaws.com --source-arn "$rule_arn" >/dev/null
fi

# --- HTTP: an HTTP API ($default route, Lambda proxy, payload 2.0), or a function URL where there is no API GW v2 --
api_function_arn=$(awsl lambda get-function --function-name jobline-api --query Configuration.FunctionArn --output text)
if awsl apigatewayv2 get-apis >/dev/null 2>&1; then
    api_id=$(awsl apigatewayv2 get-apis --query "Items[?Name=='jobline'].ApiId | [0]" --output text)
    if [[ -z $api_id || $api_id == None ]]; then
        api_id=$(awsl apigatewayv2 create-api --name jobline --protocol-type HTTP --query ApiId --output text)
        integration_id=$(awsl apigatewayv2 create-integration --api-id "$api_id" --integration-type AWS_PROXY \
            --integration-uri "$api_function_arn" --payload-format-version 2.0 --query IntegrationId --output text)
        # shellcheck disable=SC2016 # '$default' is API Gateway's literal route and stage name
        awsl apigatewayv2 create-route --api-id "$api_id" --route-key '$default' \
            --target "integrations/$integration_id" >/dev/null
        # shellcheck disable=SC2016
        awsl apigatewayv2 create-stage --api-id "$api_id" --stage-name '$default' --auto-deploy >/dev/null
        awsl lambda add-permission --function-name jobline-api --statement-id jobline-http-api \
            --action lambda:InvokeFunction --principal apigateway.amazonaws.com \
            --source-arn "arn:aws:execute-api:$region:$account:$api_id/*" >/dev/null
    fi
    api_url="http://$api_id.execute-api.localhost.localstack.cloud:4566/"
else
    # The free image has no API Gateway v2. A function URL sends the same event (payload format 2.0).
    if ! api_url=$(awsl lambda get-function-url-config --function-name jobline-api \
        --query FunctionUrl --output text 2>/dev/null); then
        api_url=$(awsl lambda create-function-url-config --function-name jobline-api --auth-type NONE \
            --query FunctionUrl --output text)
    fi
fi

cat <<EOF

Jobline is deployed in LocalStack.
  API:     $api_url
  API key: $api_key   (reuse it: JOBLINE_API_KEY=$api_key $0)

Submit a job (the first call starts the Java functions and may take half a minute):

  curl -s -X POST '${api_url}jobs' \\
    -H 'Authorization: Bearer $api_key' -H 'Content-Type: application/json' \\
    -d '{"type":"email.send","payload":{"to":["ada@example.com"],"subject":"Welcome","text":"Hello Ada"}}'

Read it:   curl -s '${api_url}jobs/<id>' -H 'Authorization: Bearer $api_key'
The mail:  curl -s $mail_url
Logs:      aws --endpoint-url $endpoint logs tail /aws/lambda/jobline-worker --follow
Sweep now: aws --endpoint-url $endpoint lambda invoke --function-name jobline-sweep /dev/stdout
EOF
