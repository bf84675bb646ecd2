def log = new File(basedir, 'build.log').text
assert log.contains('phasecheck: transcripts: no/such/dir: no such file or directory')
assert log.contains('MojoExecutionException') : 'a usage error is a build error, not findings'
return true
