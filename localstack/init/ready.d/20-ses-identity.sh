#!/usr/bin/env bash
# LocalStack runs this inside its container once it is ready: verifies the sender address (LocalStack verifies
# identities at once; on AWS it takes a click or DNS records, see docs/DEPLOY.md).
set -euo pipefail

sender=${JOBLINE_SENDER_ADDRESS:-jobline@example.com}

awslocal ses verify-email-identity --email-address "$sender"

# SES v2 (the API the worker sends with) exists only in the image that needs an auth token; give it the identity too.
if awslocal sesv2 list-email-identities >/dev/null 2>&1; then
    if ! awslocal sesv2 get-email-identity --email-identity "$sender" >/dev/null 2>&1; then
        awslocal sesv2 create-email-identity --email-identity "$sender" >/dev/null
    fi
fi

echo "jobline: SES identity $sender verified"
