<?php
// Loads every class of a generated folder through its autoload.php, with every error,
// warning, notice and deprecation turned into a failure. Usage: php load_all.php DIR

declare(strict_types=1);

\error_reporting(\E_ALL);
\set_error_handler(static function (int $level, string $message, string $file, int $line): never {
    \fwrite(\STDERR, "FAIL: PHP said \"$message\" at $file:$line\n");
    exit(1);
});

$root = $argv[1];
require $root . '/autoload.php';
$files = [];
$iterator = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS));
foreach ($iterator as $file) {
    if ($file->getExtension() === 'php' && $file->getPathname() !== $root . '/autoload.php') {
        $files[] = $file->getPathname();
    }
}
\sort($files);
foreach ($files as $path) {
    $source = (string) \file_get_contents($path);
    $namespace = \preg_match('/^namespace ([^;]+);/m', $source, $m) === 1 ? $m[1] . '\\' : '';
    $class = $namespace . \basename($path, '.php');
    if (!\class_exists($class) && !\interface_exists($class) && !\enum_exists($class)
        && !\trait_exists($class)) {
        \fwrite(\STDERR, "FAIL: $path does not define $class\n");
        exit(1);
    }
}
echo 'loaded ', \count($files), " classes\n";
