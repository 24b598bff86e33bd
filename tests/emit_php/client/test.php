<?php
// Runs the generated Items client against a fake transport that records each request and
// answers from a script. Usage: php test.php DIR (the generated code).

declare(strict_types=1);

\error_reporting(\E_ALL);
\set_error_handler(static function (int $level, string $message, string $file, int $line): never {
    \fwrite(\STDERR, "FAIL: PHP said \"$message\" at $file:$line\n");
    exit(1);
});

require $argv[1] . '/autoload.php';

use Shop\Api\Color;
use Shop\Api\Conflict;
use Shop\Api\Item;
use Shop\Api\ItemPatch;
use Shop\Api\ItemsClient;
use Shop\Api\NotFound;
use Shop\Api\Runtime\Absent;
use Shop\Api\Runtime\ApiException;
use Shop\Api\Runtime\DecodeException;
use Shop\Api\Runtime\HttpException;
use Shop\Api\Runtime\OffsetDateTime;
use Shop\Api\Runtime\Response;
use Shop\Api\Runtime\ValidationException;

$failures = 0;
$checks = 0;

function check(bool $ok, string $what): void
{
    global $failures, $checks;
    $checks++;
    if (!$ok) {
        $failures++;
        echo "FAIL: $what\n";
    }
}

/** A transport that records requests and returns the queued responses in order. */
final class FakeTransport
{
    /** @var list<array{string, string, array<string, string>, ?string}> */
    public array $requests = [];
    /** @var list<mixed> */
    public array $responses = [];

    public function __invoke(string $method, string $url, array $headers, ?string $body): mixed
    {
        $this->requests[] = [$method, $url, $headers, $body];
        return \array_shift($this->responses) ?? new Response(500, '');
    }

    /** @return array{string, string, array<string, string>, ?string} */
    public function last(): array
    {
        return $this->requests[\count($this->requests) - 1];
    }
}

/** A PSR-7-like response, as a PSR-18 client returns. */
final class Psr7Response
{
    public function __construct(private int $status, private string $body)
    {
    }

    public function getStatusCode(): int
    {
        return $this->status;
    }

    public function getBody(): string
    {
        return $this->body;
    }

    public function getHeaders(): array
    {
        return ['Content-Type' => ['application/json']];
    }
}

$t = new FakeTransport();
$client = new ItemsClient($t, 'https://api.example.com/v1/');
$itemJson = '{"id":7,"name":"Pen","color":"dark-blue","tags":["a"]}';

// GET with a path parameter; the body decodes to an Item.
$t->responses[] = new Response(200, $itemJson);
$item = $client->getItem(7);
check($item instanceof Item && $item->id === 7 && $item->color === Color::DarkBlue, 'getItem decodes the item');
[$method, $url, $headers, $body] = $t->last();
check($method === 'GET' && $url === 'https://api.example.com/v1/items/7', "getItem URL: $method $url");
check($headers === ['Accept' => 'application/json'] && $body === null, 'getItem headers and no body');

// A declared error status.
$t->responses[] = new Response(404, '{"message":"no such item"}');
try {
    $client->getItem(8);
    check(false, '404 must throw');
} catch (ApiException $e) {
    check($e->status === 404 && $e->error instanceof NotFound && $e->error->message === 'no such item', '404 gives a NotFound');
}

// An undeclared status.
$t->responses[] = new Response(503, 'busy');
try {
    $client->getItem(9);
    check(false, '503 must throw');
} catch (HttpException $e) {
    check($e->response->status === 503 && $e->response->body === 'busy', '503 gives an HttpException');
}

// A response body of the wrong shape.
$t->responses[] = new Response(200, '{"id":"seven","name":"Pen"}');
try {
    $client->getItem(9);
    check(false, 'a bad body must throw');
} catch (DecodeException $e) {
    check($e->path === '/id' && $e->kind === 'type', "bad body: {$e->kind} at {$e->path}");
}

// Validation before sending: nothing goes out.
$before = \count($t->requests);
try {
    $client->getItem(0);
    check(false, 'id 0 must be refused');
} catch (ValidationException $e) {
    check($e->violations[0]->path === '/id' && $e->violations[0]->rule === 'min', 'id 0 breaks @min(1) of ItemId');
}
try {
    $client->search('s', limit: 101);
    check(false, 'limit 101 must be refused');
} catch (ValidationException $e) {
    check($e->violations[0]->path === '/limit', 'limit 101 breaks @max(100)');
}
check(\count($t->requests) === $before, 'refused requests are not sent');

// Query strings: declaration order, repeated keys for lists, optional ones left out,
// defaults sent, scalars in their JSON text, everything percent-encoded.
$t->responses[] = new Response(200, '[' . $itemJson . ']');
$items = $client->search('a b/c', Color::DarkBlue, 5, ['x&y', 'é'], new OffsetDateTime(2024, 5, 1, 10, 0, 0, 500000000, 120), false, 0.1);
check(\count($items) === 1 && $items[0]->name === 'Pen', 'search decodes a list');
check($t->last()[1] === 'https://api.example.com/v1/shops/a%20b%2Fc/items?color=dark-blue&limit=5&tag=x%26y&tag=%C3%A9&since=2024-05-01T10%3A00%3A00.5%2B02%3A00&exact=false&ratio=0.1',
    'search URL: ' . $t->last()[1]);
$t->responses[] = ['status' => 200, 'body' => '[]'];
$client->search('s');
check($t->last()[1] === 'https://api.example.com/v1/shops/s/items?limit=20', 'defaults are sent, absent optionals are not: ' . $t->last()[1]);

// A JSON body; a PSR-7 response object.
$t->responses[] = new Psr7Response(200, $itemJson);
$created = $client->createItem(new Item(7, 'Pen', Color::DarkBlue, ['a']));
[$method, $url, $headers, $body] = $t->last();
check($method === 'POST' && $url === 'https://api.example.com/v1/items', 'createItem URL');
check(($headers['Content-Type'] ?? '') === 'application/json', 'a body has a content type');
check($body === $itemJson, "createItem body: $body");
check($created->tags === ['a'], 'PSR-7 response decoded');
try {
    $client->createItem(new Item(7, ''));
    check(false, 'an invalid body must be refused');
} catch (ValidationException $e) {
    check($e->violations[0]->path === '/body/name' && $e->violations[0]->rule === 'min_length', 'body violations have /body paths');
}
$t->responses[] = new Response(409, '{"message":"taken","current":' . $itemJson . '}');
try {
    $client->createItem(new Item(7, 'Pen'));
    check(false, '409 must throw');
} catch (ApiException $e) {
    check($e->error instanceof Conflict && $e->error->current->id === 7, '409 gives a Conflict with its item');
}

// An optional body: left out when null; a three-state field inside it.
$t->responses[] = new Response(200, $itemJson);
$client->patchItem(7);
check($t->last()[0] === 'PATCH' && $t->last()[3] === null, 'no body when the optional body is absent');
$t->responses[] = new Response(200, $itemJson);
$client->patchItem(7, new ItemPatch(note: null));
check($t->last()[3] === '{"note":null}', 'three-state null is sent: ' . $t->last()[3]);
$t->responses[] = new Response(200, $itemJson);
$client->patchItem(7, new ItemPatch(name: 'x'));
check($t->last()[3] === '{"name":"x"}', 'absent is left out: ' . $t->last()[3]);
check((new ItemPatch())->note === Absent::Value, 'three-state fields default to Absent::Value');

// A nullable body is sent as null; 204 routes return nothing.
$t->responses[] = new Response(204, '');
$client->setNote(7, null);
check($t->last()[0] === 'PUT' && $t->last()[3] === 'null', 'a nullable body sends null');
$t->responses[] = new Response(204, '');
$client->deleteItem(7);
check($t->last()[0] === 'DELETE' && $t->last()[1] === 'https://api.example.com/v1/items/7', 'deleteItem');
$t->responses[] = new Response(404, '{"message":"gone"}');
try {
    $client->deleteItem(7);
    check(false, 'delete 404 must throw');
} catch (ApiException $e) {
    check($e->error instanceof NotFound, 'delete 404 gives a NotFound');
}

// Enum path parameters by wire value; a map response with a numeric key stays a key.
$t->responses[] = new Response(200, '{"12":' . $itemJson . ',"0":' . $itemJson . '}');
$map = $client->byKey('k/1', Color::DarkBlue);
check($t->last()[1] === 'https://api.example.com/v1/keys/k%2F1/dark-blue', 'enum in a path: ' . $t->last()[1]);
check(\array_map('strval', \array_keys($map)) === ['12', '0'], 'map keys in order');

// The root path.
$t->responses[] = new Response(200, 'true');
check($client->ping() === true && $t->last()[1] === 'https://api.example.com/v1/', 'root path');
check(ItemsClient::ROUTES['get_item'] === ['GET', '/items/{id}'], 'route table');

echo "client: $checks checks, $failures failed\n";
exit($failures === 0 ? 0 : 1);
