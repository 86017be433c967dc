package io.jobline.logging;

import com.amazonaws.services.lambda.runtime.Context;
import java.lang.reflect.Proxy;

/** For handler tests: a Lambda context that knows only its request id. */
public final class TestContext {

    private TestContext() {}

    public static Context withRequestId(String awsRequestId) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> awsRequestId;
                    case "getRemainingTimeInMillis" -> 60_000;
                    case "toString" -> "TestContext[" + awsRequestId + "]";
                    default -> null;
                });
    }
}
