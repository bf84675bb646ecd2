def log = new File(basedir, 'build.log').text
assert log.contains('phasecheck: skipped')
assert log.contains('BUILD SUCCESS')
return true
