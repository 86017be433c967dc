package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.jobline.JobSpec;
import io.jobline.api.ApiHandler;
import io.jobline.config.Config;
import io.jobline.config.DatabaseConfig;
import io.jobline.config.MetricsConfig;
import io.jobline.metrics.EmfMetrics;
import io.jobline.metrics.JobMetric;
import io.jobline.metrics.JobMetrics;
import io.jobline.migrate.MigrationHandler;
import io.jobline.worker.WorkerHandler;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Holds {@code template.yaml} to the code, doing here what {@code sam validate --lint} cannot do on machines without
 * the SAM CLI, and what no linter knows: which handler classes, jars and environment variables this code has.
 */
class SamTemplateTest {

    private static final Path ROOT = projectRoot();
    private static final SamTemplate TEMPLATE = SamTemplate.load(ROOT.resolve("template.yaml"));

    /** Lambda refuses to create a function that sets any of these. */
    private static final Set<String> RESERVED_BY_LAMBDA = Set.of(
            "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    @Test
    void everyHandlerIsALambdaHandlerFromTheModuleWhoseShadedJarIsItsCodeUri() {
        List<String> problems = new ArrayList<>();
        TEMPLATE.functions().forEach((id, function) -> {
            String handler = function.string("Handler");
            String codeUri = function.string("CodeUri");
            if (handler == null || codeUri == null) {
                problems.add(id + ": Handler and CodeUri must be literal strings, got " + function.get("Handler")
                        + " and " + function.get("CodeUri"));
                return;
            }
            String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
            String method = handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : "handleRequest";

            Matcher jar = Pattern.compile("(.+)/target/([^/]+)\\.jar").matcher(codeUri);
            if (!jar.matches()) {
                problems.add(id + ": CodeUri " + codeUri + " is not <module>/target/<shaded finalName>.jar");
                return;
            }
            Path module = ROOT.resolve(jar.group(1));
            Optional<Class<?>> handlerClass = load(className, module);
            if (Files.isDirectory(module)) {
                Optional<String> finalName = shadedFinalName(module.resolve("pom.xml"));
                if (finalName.isEmpty()) {
                    problems.add(id + ": " + jar.group(1) + "/pom.xml builds no shaded jar (maven-shade-plugin"
                            + " <finalName>), so " + codeUri + " would not exist after mvn package");
                } else if (!finalName.get().equals(jar.group(2))) {
                    problems.add(id + ": CodeUri names " + jar.group(2) + ".jar but " + jar.group(1)
                            + " shades into " + finalName.get() + ".jar");
                }
                Path source = module.resolve("src/main/java/" + className.replace('.', '/') + ".java");
                if (!Files.exists(source)) {
                    problems.add(id + ": Handler class " + className + " is not in " + jar.group(1)
                            + " (no " + ROOT.relativize(source) + "), so it is not in " + codeUri);
                }
            } else {
                problems.add(id + ": CodeUri " + codeUri + " points into " + jar.group(1)
                        + ", which is not a module of this project");
            }

            if (handlerClass.isEmpty()) {
                problems.add(id + ": Handler class " + className + " is neither on the classpath nor in "
                        + jar.group(1) + "/target/classes");
                return;
            }
            Class<?> type = handlerClass.get();
            if (!RequestHandler.class.isAssignableFrom(type) && !RequestStreamHandler.class.isAssignableFrom(type)) {
                problems.add(id + ": " + className + " implements neither RequestHandler nor RequestStreamHandler");
            }
            if (Modifier.isAbstract(type.getModifiers())) {
                problems.add(id + ": " + className + " is abstract; Lambda cannot instantiate it");
            }
            try {
                if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                    problems.add(id + ": " + className + "() is not public");
                }
            } catch (NoSuchMethodException e) {
                problems.add(id + ": " + className + " has no public no-argument constructor for Lambda to call");
            }
            if (Arrays.stream(type.getMethods()).noneMatch(m -> m.getName().equals(method))) {
                problems.add(id + ": " + className + " has no public method " + method);
            }
        });
        assertNoProblems(problems);
    }

    @Test
    void apiAndWorkerGetEveryVariableTheConfigRequires() {
        List<String> problems = new ArrayList<>();
        for (Class<?> handler : List.of(ApiHandler.class, WorkerHandler.class)) {
            String id = TEMPLATE.functionWithHandler(handler);
            Map<String, Object> env = TEMPLATE.functions().get(id).environment();
            Set<String> required = new LinkedHashSet<>(Config.REQUIRED);
            required.remove(Config.AWS_REGION); // Lambda sets it
            if (env.containsKey(Config.DATABASE_SECRET_ARN)) {
                required.remove(Config.DATABASE_PASSWORD); // read from the secret at init
            }
            for (String name : required) {
                Object value = env.get(name);
                if (value == null || value instanceof String text && text.isBlank()) {
                    problems.add(id + " (" + handler.getSimpleName() + ") does not set " + name
                            + ", which Config.REQUIRED needs; set it in Globals or on the function"
                            + (name.equals(Config.DATABASE_PASSWORD) ? " (or set " + Config.DATABASE_SECRET_ARN + ")" : ""));
                }
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void theMigrationFunctionGetsTheDatabase() {
        Optional<String> migration = TEMPLATE.functions().entrySet().stream()
                .filter(entry -> String.valueOf(entry.getValue().get("Handler")).startsWith(MigrationHandler.class.getName()))
                .map(Map.Entry::getKey)
                .findFirst();
        if (migration.isEmpty()) {
            fail("template.yaml: no function has Handler " + MigrationHandler.class.getName()
                    + "::handleRequest, so nothing applies the schema on deploy");
        }
        Map<String, Object> env = TEMPLATE.functions().get(migration.get()).environment();
        List<String> problems = new ArrayList<>();
        for (String name : List.of(Config.DATABASE_URL, Config.DATABASE_USER)) {
            if (!env.containsKey(name)) {
                problems.add(migration.get() + " does not set " + name);
            }
        }
        if (!env.containsKey(Config.DATABASE_SECRET_ARN) && !env.containsKey(Config.DATABASE_PASSWORD)) {
            problems.add(migration.get() + " sets neither " + Config.DATABASE_SECRET_ARN + " nor " + Config.DATABASE_PASSWORD);
        }
        assertNoProblems(problems);
    }

    @Test
    void functionsSetOnlyVariablesTheCodeReadsAndNeverThePasswordOrWhatLambdaReserves() {
        Set<String> known = configVariableNames();
        List<String> problems = new ArrayList<>();
        TEMPLATE.functions().forEach((id, function) -> {
            for (String name : function.environment().keySet()) {
                if (RESERVED_BY_LAMBDA.contains(name)) {
                    problems.add(id + " sets " + name + ", which Lambda reserves (deployment would fail)");
                } else if (name.equals(Config.DATABASE_PASSWORD)) {
                    problems.add(id + " sets " + name + ": the password belongs in Secrets Manager ("
                            + Config.DATABASE_SECRET_ARN + "), not in the function's configuration");
                } else if (name.startsWith("JOBLINE_") && !known.contains(name)) {
                    problems.add(id + " sets " + name + ", which no Jobline code reads (a typo?)");
                }
            }
        });
        assertNoProblems(problems);
    }

    @Test
    void theWorkerReportsBatchItemFailures() {
        String worker = TEMPLATE.functionWithHandler(WorkerHandler.class);
        Map<String, Map<String, Object>> sqsEvents = TEMPLATE.functions().get(worker).events("SQS");
        List<String> problems = new ArrayList<>();
        if (sqsEvents.isEmpty()) {
            problems.add(worker + " has no SQS event");
        }
        sqsEvents.forEach((name, properties) -> {
            Object types = properties.get("FunctionResponseTypes");
            if (!(types instanceof List<?> list) || !list.contains("ReportBatchItemFailures")) {
                problems.add(worker + " event " + name + ": FunctionResponseTypes must contain"
                        + " ReportBatchItemFailures, or one failed job redelivers its whole batch; got " + types);
            }
        });
        assertNoProblems(problems);
    }

    @Test
    void everyEventSourceQueueOutwaitsItsFunctionAndHasADeadLetterQueue() {
        List<String> problems = new ArrayList<>();
        TEMPLATE.functions().forEach((id, function) -> function.events("SQS").forEach((name, properties) -> {
            String where = id + " event " + name;
            Optional<String> queueId = SamTemplate.referencedResource(properties.get("Queue"));
            if (queueId.isEmpty() || !TEMPLATE.resourceIs(queueId.get(), "AWS::SQS::Queue")) {
                problems.add(where + ": Queue must be !GetAtt <queue in this template>.Arn so it can be checked, got "
                        + properties.get("Queue"));
                return;
            }
            Map<String, Object> queue = TEMPLATE.properties(queueId.get());
            Integer timeout = SamTemplate.integer(function.get("Timeout"));
            Integer visibility = SamTemplate.integer(queue.get("VisibilityTimeout"));
            if (timeout == null || visibility == null) {
                problems.add(where + ": the function's Timeout (" + function.get("Timeout") + ") and "
                        + queueId.get() + ".VisibilityTimeout (" + queue.get("VisibilityTimeout")
                        + ") must be literal numbers so they can be compared");
            } else if (visibility < 6 * timeout) {
                problems.add(where + ": " + queueId.get() + ".VisibilityTimeout is " + visibility + " s, less than 6 x"
                        + " the function's Timeout (" + timeout + " s = " + 6 * timeout + " s)");
            }
            if (!(queue.get("RedrivePolicy") instanceof Map<?, ?> redrive)) {
                problems.add(where + ": " + queueId.get() + " has no RedrivePolicy (dead-letter queue)");
                return;
            }
            Optional<String> deadLetterQueue = SamTemplate.referencedResource(redrive.get("deadLetterTargetArn"));
            if (deadLetterQueue.isEmpty() || !TEMPLATE.resourceIs(deadLetterQueue.get(), "AWS::SQS::Queue")) {
                problems.add(where + ": " + queueId.get() + " RedrivePolicy.deadLetterTargetArn must be"
                        + " !GetAtt <queue>.Arn, got " + redrive.get("deadLetterTargetArn"));
            }
            Integer maxReceiveCount = SamTemplate.integer(redrive.get("maxReceiveCount"));
            if (maxReceiveCount == null || maxReceiveCount <= JobSpec.MAX_MAX_ATTEMPTS) {
                problems.add(where + ": " + queueId.get() + " RedrivePolicy.maxReceiveCount must be more than the "
                        + JobSpec.MAX_MAX_ATTEMPTS + " attempts a job may have (each is a receive), got "
                        + redrive.get("maxReceiveCount"));
            }
        }));
        assertNoProblems(problems);
    }

    @Test
    void theJobLeaseLastsAtLeastTheWorkerTimeout() {
        String worker = TEMPLATE.functionWithHandler(WorkerHandler.class);
        SamTemplate.Function function = TEMPLATE.functions().get(worker);
        Integer lease = SamTemplate.integer(function.environment().get(Config.JOB_LEASE_SECONDS));
        Integer timeout = SamTemplate.integer(function.get("Timeout"));
        if (lease == null || timeout == null) {
            fail(worker + ": set " + Config.JOB_LEASE_SECONDS + " and Timeout as literal numbers, got "
                    + function.environment().get(Config.JOB_LEASE_SECONDS) + " and " + function.get("Timeout"));
        }
        if (lease < timeout) {
            fail(worker + ": " + Config.JOB_LEASE_SECONDS + " (" + lease + ") is shorter than the Timeout ("
                    + timeout + "): a job could be taken over while its worker still runs it");
        }
    }

    @Test
    void noPolicyGrantsEveryActionOrFullAccess() {
        List<String> problems = new ArrayList<>();
        TEMPLATE.resources().forEach((id, resource) -> SamTemplate.walk(resource, id, (path, node) -> {
            if (node instanceof Map<?, ?> map && map.containsKey("Effect") && "Allow".equals(map.get("Effect"))) {
                if (map.containsKey("NotAction")) {
                    problems.add(path + ": Allow with NotAction grants everything else");
                }
                for (Object action : SamTemplate.asList(map.get("Action"))) {
                    if (action instanceof String text && (text.equals("*") || text.endsWith(":*"))) {
                        problems.add(path + ": Action " + text + " grants every action");
                    }
                }
            }
            if (node instanceof Map<?, ?> map) {
                for (String key : List.of("ManagedPolicyArns", "Policies")) {
                    for (Object policy : SamTemplate.asList(map.get(key))) {
                        if (policy instanceof String name && (name.contains("FullAccess")
                                || name.endsWith("AdministratorAccess") || name.endsWith("PowerUserAccess"))) {
                            problems.add(path + "." + key + ": " + name + " is far more than the function needs");
                        }
                    }
                }
            }
        }));
        assertNoProblems(problems);
    }

    @Test
    void noFunctionHasAHardCodedName() {
        List<String> problems = new ArrayList<>();
        TEMPLATE.resources().forEach((id, resource) -> {
            String type = SamTemplate.type(resource);
            if ((type.equals("AWS::Serverless::Function") || type.equals("AWS::Lambda::Function"))
                    && TEMPLATE.properties(id).containsKey("FunctionName")) {
                problems.add(id + " sets FunctionName: two stacks in one account would collide");
            }
        });
        assertNoProblems(problems);
    }

    @Test
    void everyFunctionLogsToALogGroupWithRetention() {
        List<String> problems = new ArrayList<>();
        TEMPLATE.functions().forEach((id, function) -> {
            Optional<String> logGroup = function.get("LoggingConfig") instanceof Map<?, ?> logging
                    ? SamTemplate.referencedResource(logging.get("LogGroup"))
                    : Optional.empty();
            if (logGroup.isEmpty()) {
                logGroup = TEMPLATE.resourcesOfType("AWS::Logs::LogGroup").keySet().stream()
                        .filter(group -> SamTemplate.mentions(TEMPLATE.properties(group).get("LogGroupName"), id))
                        .findFirst();
            }
            if (logGroup.isEmpty() || !TEMPLATE.resourceIs(logGroup.get(), "AWS::Logs::LogGroup")) {
                problems.add(id + " has no log group of its own (LoggingConfig.LogGroup: !Ref <AWS::Logs::LogGroup>):"
                        + " Lambda would create one that keeps logs forever");
            } else if (TEMPLATE.properties(logGroup.get()).get("RetentionInDays") == null) {
                problems.add(id + ": log group " + logGroup.get() + " has no RetentionInDays");
            }
        });
        assertNoProblems(problems);
    }

    @Test
    void apiAndWorkerUseSnapStartThroughAPublishedAlias() {
        List<String> problems = new ArrayList<>();
        for (Class<?> handler : List.of(ApiHandler.class, WorkerHandler.class)) {
            String id = TEMPLATE.functionWithHandler(handler);
            SamTemplate.Function function = TEMPLATE.functions().get(id);
            if (!(function.get("SnapStart") instanceof Map<?, ?> snapStart)
                    || !"PublishedVersions".equals(snapStart.get("ApplyOn"))) {
                problems.add(id + ": SnapStart.ApplyOn must be PublishedVersions");
            }
            if (function.string("AutoPublishAlias") == null) {
                problems.add(id + ": SnapStart applies to published versions only; without AutoPublishAlias the"
                        + " events invoke $LATEST and every cold start is a full one");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void theApiFunctionServesTheHttpApiWhoseUrlIsAnOutput() {
        String api = TEMPLATE.functionWithHandler(ApiHandler.class);
        Map<String, Map<String, Object>> events = TEMPLATE.functions().get(api).events("HttpApi");
        List<String> problems = new ArrayList<>();
        Set<String> httpApis = TEMPLATE.resourcesOfType("AWS::Serverless::HttpApi").keySet();
        String httpApi = null;
        for (var event : events.entrySet()) {
            Optional<String> target = SamTemplate.referencedResource(event.getValue().get("ApiId"));
            if (target.isEmpty() || !httpApis.contains(target.get())) {
                problems.add(api + " event " + event.getKey() + ": ApiId must be !Ref <AWS::Serverless::HttpApi>");
            } else {
                httpApi = target.get();
            }
            Object version = event.getValue().get("PayloadFormatVersion");
            if (version != null && !"2.0".equals(version)) {
                problems.add(api + " event " + event.getKey() + ": ApiHandler reads payload format 2.0, got "
                        + version);
            }
        }
        if (events.isEmpty()) {
            problems.add(api + " has no HttpApi event");
        }
        Object apiUrl = TEMPLATE.outputs().get("ApiUrl") instanceof Map<?, ?> output ? output.get("Value") : null;
        if (httpApi != null && !SamTemplate.mentions(apiUrl, httpApi)) {
            problems.add("Outputs.ApiUrl must give the URL of " + httpApi + ", got " + apiUrl);
        }
        assertNoProblems(problems);
    }

    private static void assertNoProblems(List<String> problems) {
        if (!problems.isEmpty()) {
            fail("template.yaml:\n  - " + String.join("\n  - ", problems));
        }
    }

    /**
     * The handler class from this module's test classpath (api, worker) or else from its module's compiled classes
     * (the migration function, which the local runner does not depend on), resolving the Lambda and shared types
     * through the test classpath.
     */
    private static Optional<Class<?>> load(String className, Path module) {
        Optional<Class<?>> onClasspath = load(className, SamTemplateTest.class.getClassLoader());
        Path classes = module.resolve("target/classes");
        if (onClasspath.isPresent() || !Files.isDirectory(classes)) {
            return onClasspath;
        }
        try {
            // Not closed: the class is used after this method returns; the loader lives as long as the test JVM.
            var loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, SamTemplateTest.class.getClassLoader());
            return load(className, loader);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Class<?>> load(String className, ClassLoader loader) {
        try {
            return Optional.of(Class.forName(className, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Every variable name the configuration classes declare as a {@code public static final String}. */
    private static Set<String> configVariableNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> config : List.of(Config.class, DatabaseConfig.class)) {
            for (Field field : config.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    try {
                        names.add((String) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return names;
    }

    private static Optional<String> shadedFinalName(Path pom) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var document = factory.newDocumentBuilder().parse(pom.toFile());
            NodeList plugins = document.getElementsByTagName("plugin");
            for (int i = 0; i < plugins.getLength(); i++) {
                Element plugin = (Element) plugins.item(i);
                NodeList artifactIds = plugin.getElementsByTagName("artifactId");
                if (artifactIds.getLength() > 0
                        && artifactIds.item(0).getTextContent().strip().equals("maven-shade-plugin")) {
                    NodeList finalNames = plugin.getElementsByTagName("finalName");
                    if (finalNames.getLength() > 0) {
                        return Optional.of(finalNames.item(0).getTextContent().strip());
                    }
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + pom, e);
        }
    }

    static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No template.yaml above " + Path.of("").toAbsolutePath());
    }

    @Test
    void alarmsOnJoblineMetricsUseOnlyNamesAndDimensionSetsTheCodeEmits() {
        List<String> problems = emfAlarmProblems(TEMPLATE);
        long joblineAlarms = TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm").keySet().stream()
                .filter(id -> !String.valueOf(TEMPLATE.properties(id).get("Namespace")).startsWith("AWS/"))
                .count();
        if (joblineAlarms == 0) {
            problems.add("no alarm uses the functions' own metrics (JobsFailed, QueueAge, ...)");
        }
        assertNoProblems(problems);
    }

    @Test
    void anAlarmOnAMetricOrDimensionSetTheCodeNeverEmitsIsCaught() {
        SamTemplate broken = new SamTemplate(SamTemplate.map(SamTemplate.parse("""
                Globals:
                  Function:
                    Environment:
                      Variables:
                        JOBLINE_METRICS: emf
                        JOBLINE_METRICS_NAMESPACE: !Ref MetricsNamespace
                Parameters:
                  MetricsNamespace: {Type: String, Default: Jobline}
                Resources:
                  Misspelt:
                    Type: AWS::CloudWatch::Alarm
                    Properties:
                      Namespace: !Ref MetricsNamespace
                      MetricName: JobFailures
                      Dimensions: [{Name: Service, Value: worker}]
                  ByTenant:
                    Type: AWS::CloudWatch::Alarm
                    Properties:
                      Namespace: !Ref MetricsNamespace
                      MetricName: JobsFailed
                      Dimensions: [{Name: Service, Value: worker}, {Name: Tenant, Value: acme}]
                  OtherNamespace:
                    Type: AWS::CloudWatch::Alarm
                    Properties:
                      Namespace: Joblines
                      MetricName: JobsFailed
                      Dimensions: [{Name: Service, Value: scheduler}]
                """)));

        String problems = String.join("\n", emfAlarmProblems(broken));

        for (String expected : List.of("Misspelt: metric JobFailures", "ByTenant: dimension set [Service, Tenant]",
                "OtherNamespace: namespace Joblines", "OtherNamespace: Service=scheduler")) {
            if (!problems.contains(expected)) {
                fail("expected a problem starting '" + expected + "' among:\n" + problems);
            }
        }
    }

    /**
     * Each alarm outside the AWS/ namespaces must watch a metric the functions write as EMF: the namespace they are
     * given, a {@link JobMetric} name, one of {@link EmfMetrics#DIMENSION_SETS}, a Service they run as. Otherwise
     * CloudWatch has no such metric and the alarm sits in INSUFFICIENT_DATA (or OK) for ever.
     */
    private static List<String> emfAlarmProblems(SamTemplate template) {
        Map<String, Object> env = SamTemplate.map(SamTemplate.map(SamTemplate.map(SamTemplate.map(
                template.root().get("Globals")).get("Function")).get("Environment")).get("Variables"));
        Object emitted = env.getOrDefault(Config.METRICS_NAMESPACE, MetricsConfig.DEFAULT_NAMESPACE);
        Set<String> metricNames = Arrays.stream(JobMetric.values()).map(JobMetric::cloudWatchName)
                .collect(Collectors.toSet());
        Set<Set<String>> dimensionSets = EmfMetrics.DIMENSION_SETS.stream().map(Set::copyOf)
                .collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        template.resourcesOfType("AWS::CloudWatch::Alarm").keySet().forEach(id -> {
            Map<String, Object> alarm = template.properties(id);
            Object namespace = alarm.get("Namespace");
            if (namespace instanceof String text && text.startsWith("AWS/")) {
                return;
            }
            if (!java.util.Objects.equals(namespace, emitted)) {
                problems.add(id + ": namespace " + namespace + " is not the one the functions emit under ("
                        + emitted + ", JOBLINE_METRICS_NAMESPACE in Globals)");
            }
            if (!"emf".equals(env.get(Config.METRICS))) {
                problems.add(id + ": Globals do not set " + Config.METRICS + ": emf, so nothing emits its metric");
            }
            Object metric = alarm.get("MetricName");
            if (!metricNames.contains(metric)) {
                problems.add(id + ": metric " + metric + " is not one Jobline emits " + metricNames);
            }
            Map<String, Object> dimensions = new LinkedHashMap<>();
            SamTemplate.asList(alarm.get("Dimensions")).forEach(dimension -> dimensions.put(
                    String.valueOf(SamTemplate.map(dimension).get("Name")), SamTemplate.map(dimension).get("Value")));
            if (!dimensionSets.contains(dimensions.keySet())) {
                problems.add(id + ": dimension set " + dimensions.keySet() + " is not one Jobline emits "
                        + EmfMetrics.DIMENSION_SETS);
            }
            Object service = dimensions.get(EmfMetrics.SERVICE);
            if (service != null && !List.of(JobMetrics.API, JobMetrics.WORKER).contains(service)) {
                problems.add(id + ": Service=" + service + " is not a service Jobline emits as ("
                        + JobMetrics.API + ", " + JobMetrics.WORKER + ")");
            }
        });
        return problems;
    }

    @Test
    void theYamlReaderUnderstandsCloudFormationShortForms() {
        Object parsed = SamTemplate.parse("""
                a: !Ref Queue
                b: !GetAtt Queue.Arn
                c: !Sub 'x-${Queue}'
                d: !If [Cond, !Select [1, !Split ['@', !Ref Address]], !Ref AWS::NoValue]
                e: !And [!Condition One, !Not [!Equals [!Ref P, '']]]
                """);
        assertEquals(Map.of(
                "a", Map.of("Ref", "Queue"),
                "b", Map.of("Fn::GetAtt", List.of("Queue", "Arn")),
                "c", Map.of("Fn::Sub", "x-${Queue}"),
                "d", Map.of("Fn::If", List.of("Cond",
                        Map.of("Fn::Select", List.of(1, Map.of("Fn::Split", List.of("@", Map.of("Ref", "Address"))))),
                        Map.of("Ref", "AWS::NoValue"))),
                "e", Map.of("Fn::And", List.of(Map.of("Condition", "One"),
                        Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "P"), ""))))))),
                parsed);
    }

    /** A SAM template as plain maps and lists; intrinsic functions become their long form ({@code {"Ref": ...}}). */
    record SamTemplate(Map<String, Object> root) {

        static SamTemplate load(Path file) {
            try (Reader reader = Files.newBufferedReader(file)) {
                return new SamTemplate(map(yaml().load(reader)));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + file, e);
            }
        }

        static Object parse(String text) {
            return yaml().load(text);
        }

        private static Yaml yaml() {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false); // CloudFormation rejects them; the last one would silently win
            return new Yaml(new CloudFormationConstructor(options));
        }

        Map<String, Object> resources() {
            return map(root.get("Resources"));
        }

        Map<String, Object> outputs() {
            return map(root.get("Outputs"));
        }

        Map<String, Object> resourcesOfType(String type) {
            return resources().entrySet().stream()
                    .filter(entry -> type(entry.getValue()).equals(type))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        }

        boolean resourceIs(String id, String type) {
            return resources().containsKey(id) && type(resources().get(id)).equals(type);
        }

        Map<String, Object> properties(String id) {
            return map(map(resources().get(id)).get("Properties"));
        }

        /** Each AWS::Serverless::Function with the Globals it inherits. */
        Map<String, Function> functions() {
            Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
            Map<String, Function> functions = new LinkedHashMap<>();
            resourcesOfType("AWS::Serverless::Function").keySet()
                    .forEach(id -> functions.put(id, new Function(properties(id), globals)));
            return functions;
        }

        String functionWithHandler(Class<?> handler) {
            List<String> ids = functions().entrySet().stream()
                    .filter(entry -> {
                        String name = entry.getValue().string("Handler");
                        return name != null && (name.equals(handler.getName())
                                || name.startsWith(handler.getName() + "::"));
                    })
                    .map(Map.Entry::getKey)
                    .toList();
            if (ids.size() != 1) {
                fail("template.yaml: expected one function with Handler " + handler.getName()
                        + "::handleRequest, found " + ids + " among " + functions().entrySet().stream()
                                .map(entry -> entry.getKey() + "=" + entry.getValue().get("Handler"))
                                .toList());
            }
            return ids.getFirst();
        }

        static String type(Object resource) {
            Object type = map(resource).get("Type");
            return type instanceof String text ? text : "";
        }

        /** The resource a {@code !Ref X} or {@code !GetAtt X.Attr} points to. */
        static Optional<String> referencedResource(Object value) {
            if (value instanceof Map<?, ?> map && map.size() == 1) {
                if (map.get("Ref") instanceof String id) {
                    return Optional.of(id);
                }
                if (map.get("Fn::GetAtt") instanceof List<?> parts && !parts.isEmpty()
                        && parts.getFirst() instanceof String id) {
                    return Optional.of(id);
                }
            }
            return Optional.empty();
        }

        /** Whether a value refers to a resource: {@code !Ref id}, {@code !GetAtt id.X} or {@code ${id}} in a Sub. */
        static boolean mentions(Object value, String id) {
            if (referencedResource(value).filter(id::equals).isPresent()) {
                return true;
            }
            if (value instanceof Map<?, ?> map && map.get("Fn::Sub") != null) {
                Object template = map.get("Fn::Sub") instanceof List<?> list ? list.getFirst() : map.get("Fn::Sub");
                return template instanceof String text
                        && Pattern.compile("\\$\\{" + Pattern.quote(id) + "([.}])").matcher(text).find();
            }
            return false;
        }

        static Integer integer(Object value) {
            if (value instanceof Integer number) {
                return number;
            }
            if (value instanceof String text && text.strip().matches("\\d+")) {
                return Integer.valueOf(text.strip());
            }
            return null;
        }

        static List<?> asList(Object value) {
            if (value == null) {
                return List.of();
            }
            return value instanceof List<?> list ? list : List.of(value);
        }

        /** Visits every map and list under {@code node}, with a dotted path for messages. */
        static void walk(Object node, String path, BiConsumer<String, Object> visitor) {
            visitor.accept(path, node);
            if (node instanceof Map<?, ?> map) {
                map.forEach((key, value) -> walk(value, path + "." + key, visitor));
            } else if (node instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    walk(list.get(i), path + "[" + i + "]", visitor);
                }
            }
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object value) {
            return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        }

        /** A function's properties; those it does not set come from {@code Globals.Function}. */
        record Function(Map<String, Object> properties, Map<String, Object> globals) {

            Object get(String key) {
                return properties.containsKey(key) ? properties.get(key) : globals.get(key);
            }

            String string(String key) {
                return get(key) instanceof String text ? text : null;
            }

            /** Globals' variables overlaid with the function's, as SAM merges them. */
            Map<String, Object> environment() {
                Map<String, Object> merged = new LinkedHashMap<>(map(map(globals.get("Environment")).get("Variables")));
                merged.putAll(map(map(properties.get("Environment")).get("Variables")));
                return merged;
            }

            Map<String, Map<String, Object>> events(String type) {
                Map<String, Map<String, Object>> events = new LinkedHashMap<>();
                map(properties.get("Events")).forEach((name, event) -> {
                    if (type.equals(map(event).get("Type"))) {
                        events.put(name, map(map(event).get("Properties")));
                    }
                });
                return events;
            }
        }
    }

    /** Reads CloudFormation's short forms ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...) as their long forms. */
    static final class CloudFormationConstructor extends SafeConstructor {

        private static final List<String> FUNCTIONS = List.of(
                "And", "Base64", "Cidr", "Equals", "FindInMap", "GetAtt", "GetAZs", "If", "ImportValue", "Join",
                "Length", "Not", "Or", "Select", "Split", "Sub", "ToJsonString", "Transform");

        CloudFormationConstructor(LoaderOptions options) {
            super(options);
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String name;

            Intrinsic(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object value = switch (node) {
                    case ScalarNode scalar -> constructScalar(scalar);
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new IllegalArgumentException("Unexpected YAML node " + node);
                };
                // !GetAtt Resource.Attribute is the short form of Fn::GetAtt: [Resource, Attribute].
                if (name.equals("Fn::GetAtt") && value instanceof String text && text.contains(".")) {
                    value = List.of(text.substring(0, text.indexOf('.')), text.substring(text.indexOf('.') + 1));
                }
                return Map.of(name, value);
            }
        }
    }
}
